create table public.emoji_tags (v text);
-- The CLI reads only letters and digits as tag characters, so it does not see $😀$ as a tag:
-- from here on it finds no closing tag and keeps the rest of the file, semicolon included.
insert into public.emoji_tags values ($😀$x$😀$);
-- this trailing comment ends up in the same statement
