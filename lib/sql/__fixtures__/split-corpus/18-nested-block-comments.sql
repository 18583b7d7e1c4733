/* outer /* inner; */ still in the outer comment; ' " $$ */
create table public.blocks (id int);
/** double star; **/ select 1 as after_stars;
select /* inline; */ 2 as two /* a /* b /* c; */ */ */;
/*
 * multi-line comment with a semicolon;
 */
insert into public.blocks values (1);
