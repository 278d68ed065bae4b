"""Event sources that really fire functions: HTTP (proxy), timer (beat tick), OSS (object store events).

Other trigger types (log, mns_topic, cdn_events, tablestore, eventbridge) are stored and validated, and
take test events (`services.triggers.send_test_event`); nothing fires them locally.

- `config`: per-type triggerConfig validation and the ROS -> FC API key mapping
- `cron`: timer schedules (pure)
- `timer`: the timer event and the beat tick that claims due triggers
- `oss`: event-name/filter matching and the OSS event JSON
- `others`: sample events of the other trigger types
- `http`, `http_urls`: the `/2016-08-15/proxy/...` views
"""
