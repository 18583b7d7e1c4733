　create table public.wide_spaces (id int); 
  insert into public.wide_spaces values (1);　　
 select 1 as after_line_separator; 
    select 2 as after_em_space ;
