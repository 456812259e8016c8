"""The screens of the app: main, tag picker, note editor, help, confirmations."""
