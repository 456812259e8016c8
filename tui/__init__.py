"""The policy-annotate command line and Textual app (Textual is imported only to run the app)."""
