-- saved by an editor that writes a UTF-8 BOM
create table public.bom_items (id int);
﻿insert into public.bom_items values (1);﻿
select count(*) from public.bom_items﻿;
