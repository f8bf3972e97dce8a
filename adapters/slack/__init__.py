"""The Slack adapter: slack-bolt wiring, Block Kit rendering, admin rule, scheduled posts."""
