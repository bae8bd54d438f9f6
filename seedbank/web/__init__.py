"""Server-rendered pages (Spanish first): for now the home page and logging in and out with a session cookie."""
