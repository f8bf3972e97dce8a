"""Discord adapter: slash commands generated from the core, embeds, scheduled posts."""
