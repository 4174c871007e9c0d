"""Reading documents: text, HTML, PDF, feeds and URLs, and what a text says about itself."""
