"""The main screen's flows: small classes that carry one kind of interaction (search, the review
queue, tagging, saving) for the screen, which routes its keys to them."""
