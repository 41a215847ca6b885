// The API reference (ReDoc) draws Redocly's logo from Redocly's own server in its sidebar.
// No page of this site loads anything from another site, so an image pointed elsewhere gets
// this site's own mark instead (data-local-image on this script's tag). Loaded before ReDoc.
(function () {
  "use strict";
  var script = document.currentScript;
  var local = script && script.getAttribute("data-local-image");
  if (!local) return;
  function foreign(value) {
    try {
      return new URL(String(value), window.location.href).origin !== window.location.origin;
    } catch (e) {
      return false;
    }
  }
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src" && foreign(value)) value = local;
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  if (src && src.set) {
    Object.defineProperty(HTMLImageElement.prototype, "src", {
      configurable: true, enumerable: src.enumerable, get: src.get,
      set: function (value) { src.set.call(this, foreign(value) ? local : value); },
    });
  }
})();
