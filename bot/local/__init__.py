"""The local stand-in for Slack: fake Web API, console, Socket Mode server."""
