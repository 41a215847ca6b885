"""Webhooks: consumers register endpoints for events (a quote verified or withdrawn, a verdict
published or changed, a watched speaker quoted, a new claim matching a fact-check) and are
told of each one by a signed POST (Standard Webhooks).

Every event is written to an outbox (Event and its Delivery rows) in the transaction of the
change that causes it, so a broker outage loses nothing: a task sends each delivery once
committed, and a periodic sweep sends what is due and was never sent or was left behind.
"""
