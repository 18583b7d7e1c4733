select 10 - 2 as eight, 10 -2 as also_eight, -1 as negative;
select 6 / 2 as three, 6/2 as also_three, 8 /* a comment; */ / 2 as four;
select 9/(3) as three_again, 2*-1 as minus_two;
select 1--;comment right after a number
  + 1 as two;
