"""The build: a whole show (or one text, for `speak`) through plan, make, release and publish."""
