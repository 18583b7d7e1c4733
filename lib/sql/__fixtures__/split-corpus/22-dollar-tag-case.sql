create function public.tag_case() returns text
language plpgsql as $Body$
begin
  -- the lower-case tag below differs in case, so it does not close the body;
  return $body$; still text $body$;
end;
$Body$;
select public.tag_case();
