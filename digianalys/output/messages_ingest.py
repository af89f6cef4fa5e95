"""The messages ingest writes (warnings in ``ingest-report.json``/``.md``): key → (English,
Swedish). Merged into :data:`digianalys.output.i18n.MESSAGES`; created as
:class:`~digianalys.output.i18n.Msg` by :mod:`digianalys.ingest.notices`. A ``<key>_one``
message is used instead of ``<key>`` when the field ``n`` is 1.

Fields are plain values (text, whole numbers) or nested messages (``where``: one of the
``where_*`` messages naming a column or question; ``message``: a reader's warning).
"""

from __future__ import annotations

INGEST_CATALOGUE: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ where
    "where_column_named": ("column '{name}'", "kolumnen '{name}'"),
    "where_column_number": ("column {number}", "kolumn {number}"),
    "where_question": ("question '{question}'", "frågan '{question}'"),
    # ------------------------------------------------------------------ reading
    "ingest_in_file": ("{file}: {message}", "{file}: {message}"),
    "ingest_preview_responses": (
        "{n} preview or test responses (Qualtrics' {column}): leave them out with "
        '--where, e.g. "{column} == 0", or delete them in the export',
        "{n} förhandsgransknings- eller testsvar (Qualtrics {column}): utelämna dem med "
        '--where, t.ex. "{column} == 0", eller ta bort dem i exporten',
    ),
    "ingest_layout_forced": ("layout forced: {layout}", "layout angiven: {layout}"),
    "ingest_title_rows": (
        "{n} row(s) above the header skipped (a title or note in one cell, blank rows)",
        "{n} rader ovanför rubrikraden hoppades över (en titel eller anteckning i en cell, "
        "tomma rader)",
    ),
    "ingest_title_rows_one": (
        "1 row above the header skipped (a title or note in one cell, a blank row)",
        "1 rad ovanför rubrikraden hoppades över (en titel eller anteckning i en cell, en tom rad)",
    ),
    "ingest_blank_rows": ("{n} blank row(s) ignored", "{n} tomma rader hoppades över"),
    "ingest_blank_rows_one": ("1 blank row ignored", "1 tom rad hoppades över"),
    "ingest_empty_columns": (
        "{n} empty column(s) without a header ignored",
        "{n} tomma kolumner utan rubrik hoppades över",
    ),
    "ingest_empty_columns_one": (
        "1 empty column without a header ignored",
        "1 tom kolumn utan rubrik hoppades över",
    ),
    "ingest_duplicate_header": (
        "duplicate header '{header}' (column {number}) kept as a separate column with source "
        "'{source}'",
        "rubriken '{header}' (kolumn {number}) finns flera gånger; behölls som en egen kolumn med "
        "källan '{source}'",
    ),
    "ingest_csv_sheet": (
        "a CSV file has no sheets: --sheet '{sheet}' was ignored",
        "en CSV-fil har inga blad: --sheet '{sheet}' användes inte",
    ),
    "ingest_formulas_as_text": (
        "sheet '{sheet}': {n} cells hold a formula without a stored result ({cells}); each was "
        "read as the formula's text, kept as inert text. If they were calculations, save the "
        "file in a spreadsheet program that computes formulas and ingest it again",
        "bladet '{sheet}': {n} celler innehåller en formel utan sparat resultat ({cells}); "
        "varje cell lästes som formelns text, som behålls som ren text. Om det var beräkningar: "
        "spara filen i ett kalkylprogram som räknar ut formler och läs in den igen",
    ),
    "ingest_formulas_as_text_one": (
        "sheet '{sheet}': cell {cells} holds a formula without a stored result; it was read as "
        "the formula's text, kept as inert text. If it was a calculation, save the file in a "
        "spreadsheet program that computes formulas and ingest it again",
        "bladet '{sheet}': cellen {cells} innehåller en formel utan sparat resultat; den lästes "
        "som formelns text, som behålls som ren text. Om det var en beräkning: spara filen i "
        "ett kalkylprogram som räknar ut formler och läs in den igen",
    ),
    "ingest_formulas_as_text_more": (
        "sheet '{sheet}': {n} cells hold a formula without a stored result ({cells} and {more} "
        "more); each was read as the formula's text, kept as inert text. If they were "
        "calculations, save the file in a spreadsheet program that computes formulas and "
        "ingest it again",
        "bladet '{sheet}': {n} celler innehåller en formel utan sparat resultat ({cells} och "
        "{more} till); varje cell lästes som formelns text, som behålls som ren text. Om det "
        "var beräkningar: spara filen i ett kalkylprogram som räknar ut formler och läs in den "
        "igen",
    ),
    "ingest_formulas_blank": (
        "sheet '{sheet}': {n} of these formula cells have no text of their own (a shared "
        "formula's copies) and were left blank",
        "bladet '{sheet}': {n} av formelcellerna saknar egen text (kopior av en delad formel) "
        "och lämnades tomma",
    ),
    "ingest_formulas_blank_one": (
        "sheet '{sheet}': 1 of these formula cells has no text of its own (a shared formula's "
        "copy) and was left blank",
        "bladet '{sheet}': 1 av formelcellerna saknar egen text (en kopia av en delad formel) "
        "och lämnades tom",
    ),
    # ------------------------------------------------------------------ not a survey export
    "notsurvey_pivot": (
        "{where} looks like a pivot table or budget sheet, not a survey export: {rows} rows, "
        "{columns} columns of numbers beside the row labels, no answer text, {sign}; ingest the "
        "survey export (one row per response) instead",
        "{where} ser ut som en pivottabell eller budget, inte som en enkätexport: {rows} rader, "
        "{columns} kolumner med tal bredvid radrubrikerna, inga svarstexter, {sign}; läs in "
        "enkätexporten (en rad per svar) i stället",
    ),
    "notsurvey_total": ("a total '{total}'", "en summa '{total}'"),
    "notsurvey_periods": ("periods as column headers", "perioder som kolumnrubriker"),
    "notsurvey_no_header": (
        "{where}: no header row found: the first row holds numbers, like the rows below it; a "
        "survey export has the questions in its first row: ingest the export itself",
        "{where}: ingen rubrikrad hittades: första raden innehåller tal, liksom raderna under "
        "den; en enkätexport har frågorna på första raden: läs in själva exporten",
    ),
    "notsurvey_list": (
        "{where} looks like a short list, not a survey export: {rows} row(s) in {columns} "
        "column(s), no answers; ingest the survey export instead",
        "{where} ser ut som en kort lista, inte som en enkätexport: {rows} rad(er) i {columns} "
        "kolumn(er), inga svar; läs in enkätexporten i stället",
    ),
    "notsurvey_few_rows": (
        "only {rows} response(s) and no recognised answer text: check that this is the survey "
        "export",
        "bara {rows} svar och inga igenkända svarstexter: kontrollera att detta är enkätexporten",
    ),
    "notsurvey_numbers": (
        "only numbers in {rows} rows and {columns} columns, no answer text: check that this is "
        "a survey export (one row per response) and not a summary table",
        "bara tal i {rows} rader och {columns} kolumner, inga svarstexter: kontrollera att "
        "detta är en enkätexport (en rad per svar) och inte en sammanställning",
    ),
    "ingest_hidden_sheet": (
        "read the hidden sheet '{sheet}' (no visible sheet has responses); choose another with "
        "--sheet",
        "läste det dolda bladet '{sheet}' (inget synligt blad har svar); välj ett annat med "
        "--sheet",
    ),
    "ingest_sheets_skipped": (
        "read sheet '{sheet}': the sheet(s) before it ({before}) hold no responses; choose "
        "another with --sheet",
        "läste bladet '{sheet}': bladen före det ({before}) har inga svar; välj ett annat med "
        "--sheet",
    ),
    # ------------------------------------------------------------------ combining inputs
    "ingest_wave_only": (
        "column '{column}' is only in wave(s) {waves}; it is blank for the other waves",
        "kolumnen '{column}' finns bara i omgång {waves}; den är tom i övriga omgångar",
    ),
    "ingest_pii_kept": (
        "{n} personal-data column(s) kept (--keep-pii)",
        "{n} kolumner med personuppgifter behölls (--keep-pii)",
    ),
    "ingest_pii_kept_one": (
        "1 personal-data column kept (--keep-pii)",
        "1 kolumn med personuppgifter behölls (--keep-pii)",
    ),
    "ingest_pii_masked": (
        "{n} answer(s) in {columns} kept column(s) held personal data: masked in free text, "
        "missing elsewhere (see the ingest report)",
        "{n} svar i {columns} behållna kolumner innehöll personuppgifter: maskerade i fritext, "
        "annars bortfall (se inläsningsrapporten)",
    ),
    # ------------------------------------------------------------------ the user's codebook
    "ingest_codebook_pii": (
        "codebook variable '{name}' ({source}) is personal data ({kind}) and was dropped; use "
        "--keep-pii to keep it",
        "kodboksvariabeln '{name}' ({source}) är en personuppgift ({kind}) och togs bort; "
        "använd --keep-pii för att behålla den",
    ),
    "ingest_left_out": (
        "{n} column(s) not in the codebook were left out: {columns}; add them to the codebook "
        "to keep them",
        "{n} kolumner som inte finns i kodboken utelämnades: {columns}; lägg till dem i "
        "kodboken för att behålla dem",
    ),
    "ingest_left_out_one": (
        "1 column not in the codebook was left out: {columns}; add it to the codebook to keep it",
        "1 kolumn som inte finns i kodboken utelämnades: {columns}; lägg till den i kodboken "
        "för att behålla den",
    ),
    "ingest_unlisted_levels": (
        "variable '{name}': {n} answer(s) with {values} value(s) not in its codebook levels "
        "were kept as they are: {examples}; they were added to 'levels' in codebook.yaml (map "
        "them to a level there to merge them)",
        "variabeln '{name}': {n} svar med {values} värden som inte finns bland kodbokens nivåer "
        "behölls som de är: {examples}; de lades till under 'levels' i codebook.yaml (koppla dem "
        "till en nivå där för att slå ihop dem)",
    ),
    "ingest_unlisted_levels_hidden": (
        "variable '{name}': {n} answer(s) with {values} value(s) not in its codebook levels "
        "were kept as they are; they were added to 'levels' in codebook.yaml (map them to a "
        "level there to merge them)",
        "variabeln '{name}': {n} svar med {values} värden som inte finns bland kodbokens nivåer "
        "behölls som de är; de lades till under 'levels' i codebook.yaml (koppla dem till en "
        "nivå där för att slå ihop dem)",
    ),
    "ingest_codebook_kept": (
        "{codebook} is your edited codebook and was left as it is; the completed codebook (with "
        "what ingest filled in) is {completed}, which analyses use",
        "{codebook} är din redigerade kodbok och lämnades orörd; den kompletterade kodboken (med "
        "det som inläsningen fyllde i) är {completed}, som analyserna använder",
    ),
    # ------------------------------------------------------------------ inference
    "ingest_no_answers": (
        "{where}: no answers; kept as text",
        "{where}: inga svar; behålls som text",
    ),
    "ingest_ambiguous_scale": (
        "{where}: not every answer label was used, and the labels fit several known scales "
        "({scales}); coded as '{scale}'. Check the codes in the codebook ('values') and correct "
        "them if needed",
        "{where}: alla svarsalternativ förekommer inte, och alternativen passar flera kända "
        "skalor ({scales}); kodades som '{scale}'. Kontrollera koderna i kodboken ('values') "
        "och rätta dem vid behov",
    ),
    "ingest_stray_scale": (
        "{where}: {n} answer(s) fit no label of the scale '{scale}' and become missing "
        "(unrecognised; response row(s) {rows})",
        "{where}: {n} svar passar inget alternativ på skalan '{scale}' och räknas som bortfall "
        "(okända värden; svarsrad {rows})",
    ),
    "ingest_negative_codes": (
        "{where}: negative codes {codes} treated as missing (Qualtrics not-applicable recode "
        "values)",
        "{where}: de negativa koderna {codes} behandlas som bortfall (Qualtrics koder för ej "
        "tillämpligt)",
    ),
    "ingest_not_numbers": (
        "{where}: {n} answer(s) are not numbers and become missing",
        "{where}: {n} svar är inte tal och räknas som bortfall",
    ),
    "ingest_unknown_scale": (
        "{where}: the answer labels fit no known scale and are kept as categorical; if they are "
        "ordered, declare it in the codebook: type: ordinal, values: {{{example}}} "
        "(reorder so that 1 is the lowest)",
        "{where}: svarsalternativen passar ingen känd skala och behålls som kategoriska; om de "
        "är ordnade, ange det i kodboken: type: ordinal, values: {{{example}}} "
        "(ordna om så att 1 är lägst)",
    ),
}
