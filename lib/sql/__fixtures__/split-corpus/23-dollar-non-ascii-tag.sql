create function public.função() returns text
language plpgsql as $função$
begin
  return 'olá; mundo';
end;
$função$;

select $é$semicolon; inside an accented tag$é$ as accented;
select public.função();
