-- Filters run by PostgreSQL (app/src/db/filter.rs) compare text folded exactly as the browser
-- folds it (app/src/domain/duplicates/mod.rs `fold`): the Arabic yeh, kaf, alef with hamza or
-- madda, waw with hamza and heh with yeh as Persian writes them; without Thai vowel and tone
-- marks, Arabic short vowels, combining accents (translate deletes the characters it has no
-- replacement for) nor other accents (unaccent); in lower case; anything but letters and
-- digits as one space. `server/tests/filters.rs` holds the two together.
CREATE FUNCTION rapport_fold_words(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT btrim(regexp_replace(
    lower(unaccent('unaccent'::regdictionary, translate(normalize($1, NFC),
        'يىئكآأإؤۀัิีึืฺุู็่้๊๋์ํ๎ًٌٍؘَؙُؚِّْٰٕٖٜٟؐؑؒؓؔؕؖؗٓٔٗ٘ٙٚٛٝٞۖۗۘۙۚۛۜ۝۞ۣ۟۠ۡۢۤۥۦۧۨ۩̴̵̶̷̸̡̢̧̨̛۪ۭ̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎۫۬̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
        'یییکاااوه'))),
    '[^[:alnum:]]+', ' ', 'g')) $$;
