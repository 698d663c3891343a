"""The App Home tab: each user's docket across the channels they work in."""
