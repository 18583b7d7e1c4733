select 1;
/* an open comment
select 2;
