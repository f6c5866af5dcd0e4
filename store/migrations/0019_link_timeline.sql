-- The link timeline (GET /api/v1/timelines/link) lists the statuses whose
-- preview card is for one URL, newest first: this index finds them without
-- reading every status's card. Entries with equal keys are in rowid (id)
-- order, so a page is cut from the index alone.
CREATE INDEX statuses_card_url ON statuses (json_extract(card, '$.url')) WHERE card != '';
