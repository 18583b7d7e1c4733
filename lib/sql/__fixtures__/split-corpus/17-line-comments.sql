-- a header; with a semicolon, an apostrophe ' and a "quote
create table public.comments (id int); -- same line; still a comment
--- three dashes; still a comment
---- $$ does not open a dollar quote here
-- /* nor does this open a block comment
select 10 -- the rest of this line; is a comment
  - 3 as seven;
select 1 as one;--no space before the dashes; ends at the newline
