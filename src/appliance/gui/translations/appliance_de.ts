<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddModelDialog</name>
    <message>
        <source>Add a model from a folder</source>
        <extracomment>on the main thread: &quot;done&quot; or &quot;failed&quot;</extracomment>
        <translation>Ein Modell aus einem Ordner hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>D&amp;urchsuchen...</translation>
    </message>
    <message>
        <source>the folder&apos;s name</source>
        <translation>der Name des Ordners</translation>
    </message>
    <message>
        <source>e.g. de,en</source>
        <translation>z. B. de,en</translation>
    </message>
    <message>
        <source>e.g. Apache-2.0</source>
        <translation>z. B. Apache-2.0</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Languages:</source>
        <translation>&amp;Sprachen:</translation>
    </message>
    <message>
        <source>L&amp;icense:</source>
        <translation>L&amp;izenz:</translation>
    </message>
    <message>
        <source>The model&apos;s folder</source>
        <translation>Der Ordner des Modells</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Clinical search appliance</source>
        <translation>Klinische Such-Appliance</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>a GPU was requested (--device cuda) but CTranslate2 finds no CUDA device</source>
        <translation>Es wurde eine GPU verlangt (--device cuda), aber CTranslate2 findet kein CUDA-Gerät</translation>
    </message>
    <message>
        <source>{folder} is not a CTranslate2 {what} folder (no model.bin); convert the model with the installer (installer/stage_models.py or installer/convert_generators.py) and add it to the model store</source>
        <translation>{folder} ist kein CTranslate2-Ordner für {what} (model.bin fehlt); wandeln Sie das Modell mit dem Installationsprogramm um (installer/stage_models.py oder installer/convert_generators.py) und fügen Sie es den Modellen hinzu</translation>
    </message>
    <message>
        <source>unknown compute type &apos;{compute_type}&apos; (use one of: {compute_types})</source>
        <translation>unbekannter Rechentyp „{compute_type}“ (möglich: {compute_types})</translation>
    </message>
    <message>
        <source>compute type &apos;{compute_type}&apos; is not supported on {device} here (supported: {supported}, or auto)</source>
        <translation>der Rechentyp „{compute_type}“ wird hier auf {device} nicht unterstützt (möglich: {supported} oder auto)</translation>
    </message>
    <message>
        <source>CTranslate2 cannot use the GPU here ({problem}); install the CUDA libraries it was built for (e.g. the nvidia-cublas-cu12 package) or run the model on the CPU</source>
        <translation>CTranslate2 kann die GPU hier nicht nutzen ({problem}); installieren Sie die CUDA-Bibliotheken, für die es gebaut wurde (z. B. das Paket nvidia-cublas-cu12), oder führen Sie das Modell auf dem Prozessor aus</translation>
    </message>
    <message>
        <source>a GPU was requested but none is available to PyTorch</source>
        <translation>Es wurde eine GPU verlangt, aber PyTorch steht keine zur Verfügung</translation>
    </message>
    <message>
        <source>the embedding model folder &apos;{path}&apos; is missing</source>
        <translation>der Ordner des Embedding-Modells „{path}“ fehlt</translation>
    </message>
    <message>
        <source>this project has no tuned model yet</source>
        <translation>dieses Projekt hat noch kein trainiertes Modell</translation>
    </message>
    <message>
        <source>the tuned model&apos;s folder is missing from the project&apos;s artefact folder</source>
        <translation>der Ordner des trainierten Modells fehlt im Ablageordner des Projekts</translation>
    </message>
    <message>
        <source>&apos;tuned&apos; means a project&apos;s tuned model: give the project</source>
        <translation>„tuned“ bezeichnet das trainierte Modell eines Projekts: geben Sie das Projekt an</translation>
    </message>
    <message>
        <source>no model named &apos;{name}&apos; in the model store ({root})</source>
        <translation>kein Modell namens „{name}“ in der Modellablage ({root})</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is a {actual} model, not a {kind} model</source>
        <translation>„{name}“ ist ein Modell der Art {actual}, nicht der Art {kind}</translation>
    </message>
    <message>
        <source>&apos;{source}&apos; is not a folder; a model is added as the folder that holds its files</source>
        <translation>„{source}“ ist kein Ordner; ein Modell wird als der Ordner hinzugefügt, der seine Dateien enthält</translation>
    </message>
    <message>
        <source>&apos;{source}&apos; is not a usable {kind} model: {problems}</source>
        <translation>„{source}“ ist kein brauchbares Modell der Art {kind}: {problems}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot be used as a model name (letters, digits, . _ - ; not a built-in name)</source>
        <translation>„{name}“ kann nicht als Modellname dienen (Buchstaben, Ziffern, . _ - ; kein eingebauter Name)</translation>
    </message>
    <message>
        <source>a model named &apos;{name}&apos; is already in the store; choose another --name</source>
        <translation>ein Modell namens „{name}“ ist schon in der Ablage; wählen Sie einen anderen Namen</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is built in and cannot be removed</source>
        <translation>„{name}“ ist eingebaut und kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>the manifest of &apos;{folder}&apos; is damaged; add the model again</source>
        <translation>das Manifest von „{folder}“ ist beschädigt; fügen Sie das Modell erneut hinzu</translation>
    </message>
    <message>
        <source>no {kind} model is installed</source>
        <translation>kein Modell der Art {kind} ist installiert</translation>
    </message>
    <message>
        <source>&apos;{p}&apos; is not a usable {kind} model: {problems}</source>
        <translation>„{p}“ ist kein brauchbares Modell der Art {kind}: {problems}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; already exists; choose a new name for the bundle</source>
        <translation>&apos;{name}&apos; gibt es schon; wählen Sie einen neuen Namen für das Paket</translation>
    </message>
    <message>
        <source>pseudonymize every report before exporting a model</source>
        <translation>pseudonymisieren Sie jeden Bericht, bevor Sie ein Modell exportieren</translation>
    </message>
    <message>
        <source>the export was refused: original patient data was found in the bundle, in {files}. Nothing was written; review the pseudonymization of the reports</source>
        <translation>der Export wurde verweigert: im Paket wurden echte Patientendaten gefunden, in {files}. Nichts wurde geschrieben; prüfen Sie die Pseudonymisierung der Berichte</translation>
    </message>
    <message>
        <source>confirm the export: {reasons}; the model card says so</source>
        <translation>bestätigen Sie den Export: {reasons}; die Modellkarte sagt das</translation>
    </message>
    <message>
        <source>{n} of {total} documents flagged for review were not reviewed</source>
        <translation>{n} von {total} zur Prüfung markierten Dokumenten wurden nicht geprüft</translation>
    </message>
    <message>
        <source>the pseudonymization did not use strict mode</source>
        <translation>die Pseudonymisierung lief nicht im strengen Modus</translation>
    </message>
    <message>
        <source>there is no bundle at &apos;{name}&apos;</source>
        <translation>unter &apos;{name}&apos; gibt es kein Paket</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is neither a bundle folder nor a .zip bundle</source>
        <translation>&apos;{name}&apos; ist weder ein Paketordner noch ein .zip-Paket</translation>
    </message>
    <message>
        <source>the bundle &apos;{name}&apos; failed its check ({problem}); it was not imported</source>
        <translation>das Paket &apos;{name}&apos; hat die Prüfung nicht bestanden ({problem}); es wurde nicht importiert</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; holds a file outside the bundle; it was not opened</source>
        <translation>&apos;{name}&apos; enthält eine Datei außerhalb des Pakets; es wurde nicht geöffnet</translation>
    </message>
    <message>
        <source>{n_missing} documents named in the qrels are not pseudonymized in the project (first: {first})</source>
        <translation>{n_missing} Dokumente aus den Relevanzurteilen sind im Projekt nicht pseudonymisiert (das erste: {first})</translation>
    </message>
    <message>
        <source>this project keeps an encrypted pseudonym map; the demo pseudonymizes irreversibly and needs a project of its own</source>
        <translation>dieses Projekt hat eine verschlüsselte Pseudonym-Zuordnung; die Demo pseudonymisiert unumkehrbar und braucht ein eigenes Projekt</translation>
    </message>
    <message>
        <source>cannot read the judged set: {error_type}</source>
        <translation>die Bewertungsmenge kann nicht gelesen werden: {error_type}</translation>
    </message>
    <message>
        <source>unknown evaluation mode &apos;{mode}&apos; (use {modes})</source>
        <translation>unbekannte Bewertungsart „{mode}“ (möglich: {modes})</translation>
    </message>
    <message>
        <source>the project is open read-only; evaluation stores its run there</source>
        <translation>das Projekt ist nur zum Lesen geöffnet; die Bewertung speichert ihren Lauf darin</translation>
    </message>
    <message>
        <source>measure either a judged set of the project or judged files, not both</source>
        <translation>entweder einen bewerteten Satz des Projekts oder bewertete Dateien messen, nicht beides</translation>
    </message>
    <message>
        <source>none of the queries to measure is a graded query of judged set &apos;{name}&apos;</source>
        <translation>keine der zu messenden Fragen ist eine bewertete Frage des Satzes „{name}“</translation>
    </message>
    <message>
        <source>the cached copy of this judged corpus is in use by another evaluation; try again when it has finished</source>
        <translation>die zwischengespeicherte Kopie dieses Korpus wird gerade von einer anderen Bewertung benutzt; versuchen Sie es erneut, wenn diese fertig ist</translation>
    </message>
    <message>
        <source>give a project (to measure its own documents) or a BEIR-layout folder</source>
        <translation>geben Sie ein Projekt an (um seine eigenen Dokumente zu messen) oder einen Ordner im BEIR-Format</translation>
    </message>
    <message>
        <source>the judged set &apos;{name}&apos; has no graded query &apos;{key}&apos;</source>
        <translation>der bewertete Satz „{name}“ hat keine bewertete Frage „{key}“</translation>
    </message>
    <message>
        <source>the tuned model was trained on {n_trained} of these queries of judged set &apos;{name}&apos; (for example &apos;{key}&apos;); measure it on the queries held out from its training</source>
        <translation>das angepasste Modell wurde auf {n_trained} dieser Fragen des bewerteten Satzes „{name}“ trainiert (zum Beispiel „{key}“); messen Sie es auf den Fragen, die vom Training zurückgehalten wurden</translation>
    </message>
    <message>
        <source>the judged set &apos;{name}&apos; has no graded candidate yet</source>
        <translation>der bewertete Satz „{name}“ hat noch keinen bewerteten Kandidaten</translation>
    </message>
    <message>
        <source>measuring a project&apos;s own documents needs a queries file and a qrels file</source>
        <translation>die Messung auf den eigenen Dokumenten eines Projekts braucht eine Fragendatei und eine Relevanzdatei (qrels)</translation>
    </message>
    <message>
        <source>unknown text source &apos;{source}&apos; (use {sources})</source>
        <translation>unbekannte Textquelle „{source}“ (möglich: {sources})</translation>
    </message>
    <message>
        <source>unknown vector type &apos;{dtype}&apos; (use {dtypes})</source>
        <translation>unbekannter Vektortyp „{dtype}“ (möglich: {dtypes})</translation>
    </message>
    <message>
        <source>no section is pseudonymized yet; pseudonymize first, or index the original text (source &apos;original&apos;, for an in-house search project)</source>
        <translation>noch kein Abschnitt ist pseudonymisiert; pseudonymisieren Sie zuerst, oder indizieren Sie den Originaltext (Quelle „original“, für eine hausinterne Suche)</translation>
    </message>
    <message>
        <source>this project has no search index yet</source>
        <translation>dieses Projekt hat noch keinen Suchindex</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>leere Datei</translation>
    </message>
    <message>
        <source>not readable as text (binary data or unknown encoding)</source>
        <translation>nicht als Text lesbar (Binärdaten oder unbekannte Kodierung)</translation>
    </message>
    <message>
        <source>PDF has no text layer (scanned image?); OCR is not part of the appliance</source>
        <translation>das PDF hat keine Textebene (eingescanntes Bild?); Texterkennung (OCR) gehört nicht zur Appliance</translation>
    </message>
    <message>
        <source>empty document</source>
        <translation>leeres Dokument</translation>
    </message>
    <message>
        <source>file is larger than the limit of {max_file_mb:g} MB</source>
        <translation>die Datei ist größer als die Grenze von {max_file_mb:g} MB</translation>
    </message>
    <message>
        <source>no field &apos;{text_field}&apos; (choose the text column with --text-field)</source>
        <translation>kein Feld „{text_field}“ (wählen Sie die Textspalte aus)</translation>
    </message>
    <message>
        <source>empty text</source>
        <translation>leerer Text</translation>
    </message>
    <message>
        <source>text longer than {max_record_chars:,} characters</source>
        <translation>Text länger als {max_record_chars:,} Zeichen</translation>
    </message>
    <message>
        <source>binary file, not text</source>
        <translation>Binärdatei, kein Text</translation>
    </message>
    <message>
        <source>corrupt or unreadable PDF</source>
        <translation>beschädigtes oder unlesbares PDF</translation>
    </message>
    <message>
        <source>corrupt or unreadable DOCX</source>
        <translation>beschädigtes oder unlesbares DOCX</translation>
    </message>
    <message>
        <source>file cannot be read (permissions or disk error)</source>
        <translation>die Datei kann nicht gelesen werden (Zugriffsrechte oder Datenträgerfehler)</translation>
    </message>
    <message>
        <source>export file cannot be read (corrupt, truncated or unknown encoding)</source>
        <translation>die Exportdatei kann nicht gelesen werden (beschädigt, abgeschnitten oder unbekannte Kodierung)</translation>
    </message>
    <message>
        <source>unsupported file type &apos;{suffix}&apos;</source>
        <translation>nicht unterstützter Dateityp „{suffix}“</translation>
    </message>
    <message>
        <source>encrypted PDF (password protected)</source>
        <translation>verschlüsseltes PDF (kennwortgeschützt)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>not a valid JSON object</source>
        <translation>kein gültiges JSON-Objekt</translation>
    </message>
    <message>
        <source>cross-validation needs a judged set (--judged NAME)</source>
        <translation>die Kreuzvalidierung braucht einen Satz bewerteter Fragen (--judged NAME)</translation>
    </message>
    <message>
        <source>Fold {fold} of {folds}: training</source>
        <translation>Teil {fold} von {folds}: Training</translation>
    </message>
    <message>
        <source>Fold {fold} of {folds}: measuring on its held-out queries</source>
        <translation>Teil {fold} von {folds}: Messung an seinen zurückgehaltenen Fragen</translation>
    </message>
    <message>
        <source>a held-out query was trained on; the cross-validation stopped</source>
        <translation>mit einer zurückgehaltenen Frage wurde trainiert; die Kreuzvalidierung wurde angehalten</translation>
    </message>
    <message>
        <source>there is no judged set named &apos;{name}&apos;</source>
        <translation>es gibt keinen bewerteten Satz namens „{name}“</translation>
    </message>
    <message>
        <source>there is no judged query with id {query_id}</source>
        <translation>es gibt keine bewertete Frage mit der Nummer {query_id}</translation>
    </message>
    <message>
        <source>a judged set needs a name</source>
        <translation>ein bewerteter Satz braucht einen Namen</translation>
    </message>
    <message>
        <source>a judged query needs a text</source>
        <translation>eine bewertete Frage braucht einen Text</translation>
    </message>
    <message>
        <source>the pool depth must be at least 1, not {depth}</source>
        <translation>die Tiefe der Kandidatensuche muss mindestens 1 sein, nicht {depth}</translation>
    </message>
    <message>
        <source>a grade is 0 (not relevant), 1 (partly relevant) or 2 (relevant), not {grade}</source>
        <translation>eine Bewertung ist 0 (nicht relevant), 1 (teilweise relevant) oder 2 (relevant), nicht {grade}</translation>
    </message>
    <message>
        <source>document {document_id} is not a candidate of judged query {query_id}</source>
        <translation>Dokument {document_id} ist kein Kandidat der bewerteten Frage {query_id}</translation>
    </message>
    <message>
        <source>importing a judged set needs a folder, or a queries file and a qrels file</source>
        <translation>zum Importieren eines bewerteten Satzes braucht es einen Ordner oder eine Fragen- und eine Qrels-Datei</translation>
    </message>
    <message>
        <source>the queries file has no query with judgments in the qrels file</source>
        <translation>die Fragendatei hat keine Frage mit Bewertungen in der Qrels-Datei</translation>
    </message>
    <message>
        <source>the qrels file has the grade {grade}; judged sets use 0, 1 and 2</source>
        <translation>die Qrels-Datei enthält die Bewertung {grade}; bewertete Sätze verwenden 0, 1 und 2</translation>
    </message>
    <message>
        <source>none of the {rows} judged documents of the qrels file is a document of this project</source>
        <translation>keines der {rows} bewerteten Dokumente der Qrels-Datei ist ein Dokument dieses Projekts</translation>
    </message>
    <message>
        <source>a judged set is split into at least 2 folds, not {k}</source>
        <translation>ein bewerteter Satz wird in mindestens 2 Teile aufgeteilt, nicht {k}</translation>
    </message>
    <message>
        <source>the judged set has {n_queries} judged queries, too few for {k} folds</source>
        <translation>der bewertete Satz hat {n_queries} bewertete Fragen, zu wenige für {k} Teile</translation>
    </message>
    <message>
        <source>the held-out fold is 0 to {last}, not {holdout}</source>
        <translation>der zurückgehaltene Teil ist 0 bis {last}, nicht {holdout}</translation>
    </message>
    <message>
        <source>none of the judged documents of &apos;{name}&apos; is pseudonymized yet; training reads pseudonymized text only</source>
        <translation>keines der bewerteten Dokumente von „{name}“ ist schon pseudonymisiert; das Training liest nur pseudonymisierten Text</translation>
    </message>
    <message>
        <source>the weight of the judged pairs must be above 0, not {weight}</source>
        <translation>das Gewicht der bewerteten Paare muss über 0 liegen, nicht {weight}</translation>
    </message>
    <message>
        <source>no such document</source>
        <translation>kein solches Dokument</translation>
    </message>
    <message>
        <source>the doc2query model &apos;{folder}&apos; has neither tokenizer.json nor spiece.model</source>
        <translation>das doc2query-Modell „{folder}“ hat weder tokenizer.json noch spiece.model</translation>
    </message>
    <message>
        <source>the tokenizer of &apos;{folder}&apos; has no chat template; the LLM generator needs an instruct model</source>
        <translation>der Tokenizer von „{folder}“ hat keine Chat-Vorlage; der LLM-Generator braucht ein Instruct-Modell</translation>
    </message>
    <message>
        <source>cannot load the tokenizer of &apos;{folder}&apos;: {error_type}</source>
        <translation>der Tokenizer von „{folder}“ kann nicht geladen werden: {error_type}</translation>
    </message>
    <message>
        <source>unknown generator &apos;{spec}&apos; (use heuristic, llm:NAME or doc2query:NAME)</source>
        <translation>unbekannter Generator „{spec}“ (möglich: heuristic, llm:NAME oder doc2query:NAME)</translation>
    </message>
    <message>
        <source>no {stage} text yet (questions are never made from the original text)</source>
        <translation>noch kein Text der Stufe {stage} (Fragen werden nie aus dem Originaltext erzeugt)</translation>
    </message>
    <message>
        <source>the project is open read-only</source>
        <translation>das Projekt ist nur zum Lesen geöffnet</translation>
    </message>
    <message>
        <source>adopt &apos;tuned&apos; or &apos;base&apos;, not &apos;{which}&apos;</source>
        <translation>übernehmen Sie „tuned“ oder „base“, nicht „{which}“</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a date (use YYYY-MM-DD)</source>
        <translation>„{value}“ ist kein Datum (Format JJJJ-MM-TT)</translation>
    </message>
    <message>
        <source>unknown search mode &apos;{mode}&apos; (use {modes})</source>
        <translation>unbekannte Suchart „{mode}“ (möglich: {modes})</translation>
    </message>
    <message>
        <source>the model &apos;{model}&apos; changed since the index was built; the index must be built again</source>
        <translation>das Modell „{model}“ hat sich seit dem Aufbau des Index geändert; der Index muss neu aufgebaut werden</translation>
    </message>
    <message>
        <source>the tuned model was trained on every query of judged set &apos;{name}&apos;; train with a held-out fold to measure it on this set</source>
        <translation>das angepasste Modell wurde auf jeder Frage des bewerteten Satzes „{name}“ trainiert; trainieren Sie mit einem zurückgehaltenen Teil, um es auf diesem Satz zu messen</translation>
    </message>
    <message>
        <source>On {queries} judged queries the difference between the tuned and the base model may be chance: on no judged set with at least {minimum} queries does the {confidence} interval of the difference in {metric} lie above zero.
{figures}
Search keeps using the base model. Judge more queries and measure both models again, or force the adoption (recorded in the audit log).</source>
        <translation>Auf {queries} bewerteten Fragen kann der Unterschied zwischen dem angepassten und dem Basismodell Zufall sein: auf keinem bewerteten Satz mit mindestens {minimum} Fragen liegt das {confidence}-Intervall des Unterschieds in {metric} über null.
{figures}
Die Suche verwendet weiter das Basismodell. Bewerten Sie mehr Fragen und messen Sie beide Modelle erneut, oder erzwingen Sie die Übernahme (wird im Prüfprotokoll vermerkt).</translation>
    </message>
    <message>
        <source>there is no document with the number {id}</source>
        <translation>es gibt kein Dokument mit der Nummer {id}</translation>
    </message>
    <message>
        <source>a saved search needs a name</source>
        <translation>eine gespeicherte Suche braucht einen Namen</translation>
    </message>
    <message>
        <source>there is no query to save</source>
        <translation>es gibt keine Suche zum Speichern</translation>
    </message>
    <message>
        <source>could not write &apos;{path}&apos;: {reason}</source>
        <translation>„{path}“ konnte nicht geschrieben werden: {reason}</translation>
    </message>
    <message>
        <source>too few questions to train on ({n_pairs}; at least 16 are needed)</source>
        <translation>zu wenige Fragen zum Trainieren ({n_pairs}; mindestens 16 werden gebraucht)</translation>
    </message>
    <message>
        <source>under torchrun only rank 0 opens the project for writing; the other ranks read it</source>
        <translation>unter torchrun öffnet nur Rang 0 das Projekt zum Schreiben; die anderen Ränge lesen es</translation>
    </message>
    <message>
        <source>unknown loss &apos;{loss}&apos; (mnrl or cached-mnrl)</source>
        <translation>unbekannte Verlustfunktion „{loss}“ (mnrl oder cached-mnrl)</translation>
    </message>
    <message>
        <source>nothing is pseudonymized yet (translation reads only pseudonymized text)</source>
        <translation>noch nichts ist pseudonymisiert (die Übersetzung liest nur pseudonymisierten Text)</translation>
    </message>
    <message>
        <source>the translation model &apos;{folder}&apos; has no source.spm or tokenizer.json</source>
        <translation>das Übersetzungsmodell „{folder}“ hat weder source.spm noch tokenizer.json</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is not an appliance project file.</source>
        <translation>„{path}“ ist keine Projektdatei der Appliance.</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; already exists; open it instead of creating it.</source>
        <translation>„{path}“ gibt es schon; öffnen Sie das Projekt, statt es neu anzulegen.</translation>
    </message>
    <message>
        <source>The passphrase does not open &apos;{path}&apos; (or the file is not an appliance project); nothing was changed.</source>
        <translation>Die Passphrase öffnet „{path}“ nicht (oder die Datei ist kein Projekt der Appliance); nichts wurde verändert.</translation>
    </message>
    <message>
        <source>There is no project at &apos;{path}&apos;.</source>
        <translation>Unter „{path}“ gibt es kein Projekt.</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; was written by a newer version of the appliance (project format {found}; this version reads up to {supported}). Update the appliance to open it; the file was not changed.</source>
        <translation>„{path}“ wurde von einer neueren Version der Appliance geschrieben (Projektformat {found}; diese Version liest bis {supported}). Aktualisieren Sie die Appliance, um es zu öffnen; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is encrypted (or it is not an appliance project file): its passphrase is needed to open it.</source>
        <translation>„{path}“ ist verschlüsselt (oder keine Projektdatei der Appliance): Zum Öffnen wird die Passphrase gebraucht.</translation>
    </message>
    <message>
        <source>The project &apos;{path}&apos; is in use by another appliance window or command. Close it there and try again (reading it with &apos;appliance info&apos; still works).</source>
        <translation>Das Projekt „{path}“ wird von einem anderen Appliance-Fenster oder -Befehl benutzt. Schließen Sie es dort und versuchen Sie es erneut (Lesen, etwa mit „appliance info“, geht weiterhin).</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is damaged (the database check failed); it was not changed. Restore it from a backup.</source>
        <translation>&apos;{path}&apos; ist beschädigt (die Datenbankprüfung ist fehlgeschlagen); die Datei wurde nicht verändert. Stellen Sie sie aus einer Sicherung wieder her.</translation>
    </message>
    <message>
        <source>A passphrase cannot be empty or contain a NUL character.</source>
        <translation>Eine Passphrase darf nicht leer sein und kein NUL-Zeichen enthalten.</translation>
    </message>
    <message>
        <source>This installation cannot open encrypted projects (the sqlcipher3 package is missing).</source>
        <translation>Diese Installation kann keine verschlüsselten Projekte öffnen (das Paket sqlcipher3 fehlt).</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is already encrypted; change its passphrase instead.</source>
        <translation>„{path}“ ist schon verschlüsselt; ändern Sie stattdessen die Passphrase.</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; is not encrypted; encrypt it first.</source>
        <translation>„{path}“ ist nicht verschlüsselt; verschlüsseln Sie es zuerst.</translation>
    </message>
    <message>
        <source>this project keeps an encrypted pseudonym map; it cannot switch to irreversible mode</source>
        <translation>dieses Projekt hat eine verschlüsselte Pseudonym-Zuordnung; es kann nicht in den unumkehrbaren Modus wechseln</translation>
    </message>
    <message>
        <source>this project&apos;s pseudonym map is encrypted: give the passphrase (APPLIANCE_PASSPHRASE)</source>
        <translation>die Pseudonym-Zuordnung dieses Projekts ist verschlüsselt: geben Sie die Passphrase an (APPLIANCE_PASSPHRASE)</translation>
    </message>
    <message>
        <source>the pseudonym map of an encrypted project uses the project&apos;s passphrase</source>
        <translation>die Pseudonym-Zuordnung eines verschlüsselten Projekts verwendet die Passphrase des Projekts</translation>
    </message>
    <message>
        <source>this project&apos;s pseudonymization was finalised; its surrogate key no longer exists</source>
        <translation>die Pseudonymisierung dieses Projekts wurde abgeschlossen; ihr Ersatzschlüssel existiert nicht mehr</translation>
    </message>
    <message>
        <source>the passphrase is not the one this project was protected with</source>
        <translation>die Passphrase ist nicht die, mit der dieses Projekt geschützt wurde</translation>
    </message>
    <message>
        <source>a passphrase is needed to protect the pseudonym map (or choose irreversible mode)</source>
        <translation>zum Schutz der Pseudonym-Zuordnung wird eine Passphrase gebraucht (oder wählen Sie den unumkehrbaren Modus)</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Running the demo on the sample reports</source>
        <translation>Die Demo läuft auf den Beispielbefunden</translation>
    </message>
    <message>
        <source>The demo ran on %1 sample reports: they were pseudonymized, %2 search questions were written, the search model was trained for %3 steps, and both models were measured on the samples&apos; judged searches. Go through the pages to see each step.</source>
        <translation>Die Demo lief auf %1 Beispielbefunden: Sie wurden pseudonymisiert, %2 Suchfragen wurden geschrieben, das Suchmodell wurde %3 Schritte lang trainiert, und beide Modelle wurden an den bewerteten Suchen der Beispiele gemessen. Gehen Sie die Seiten durch, um jeden Schritt zu sehen.</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Sections of the report</source>
        <extracomment>light background colours, one per query term in the order they were typed (then again from the start) the viewer shows another hit: its number (from 1) and the number of hits (start, end) Qt positions of each hit, in text order the query term index of each hit</extracomment>
        <translation>Abschnitte des Befunds</translation>
    </message>
    <message>
        <source>The report</source>
        <translation>Der Befund</translation>
    </message>
    <message>
        <source>&amp;Previous hit</source>
        <translation>&amp;Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Shift+F3</source>
        <translation>Umschalt+F3</translation>
    </message>
    <message>
        <source>Ne&amp;xt hit</source>
        <translation>Nä&amp;chster Treffer</translation>
    </message>
    <message>
        <source>F3</source>
        <translation>F3</translation>
    </message>
    <message>
        <source>Select a report in the list to read it here.</source>
        <translation>Wählen Sie einen Befund in der Liste, um ihn hier zu lesen.</translation>
    </message>
    <message>
        <source>This is the original text, with the patients&apos; real names: the index of this project was built from it.</source>
        <translation>Dies ist der Originaltext mit den echten Namen der Patienten: der Index dieses Projekts wurde daraus gebaut.</translation>
    </message>
    <message>
        <source>This is the pseudonymized text: names, dates and numbers are invented ones, not the patient&apos;s.</source>
        <translation>Dies ist der pseudonymisierte Text: Namen, Daten und Nummern sind erfunden, nicht die des Patienten.</translation>
    </message>
    <message>
        <source>(no heading)</source>
        <translation>(keine Überschrift)</translation>
    </message>
    <message>
        <source>No word of the query occurs in this report (it was found by its meaning).</source>
        <translation>Kein Wort der Suche kommt in diesem Befund vor (er wurde über seine Bedeutung gefunden).</translation>
    </message>
    <message>
        <source>Hit %1 of %2</source>
        <translation>Treffer %1 von %2</translation>
    </message>
</context>
<context>
    <name>EvaluatePage</name>
    <message>
        <source>Evaluate</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <source>Compares the base model with the tuned one on a judged set (questions with known right answers), shows the scores side by side, and adopts the tuned model only when it is better.</source>
        <translation>Vergleicht das Basismodell mit dem angepassten Modell auf einem bewerteten Satz (Fragen mit bekannten richtigen Antworten), zeigt die Werte nebeneinander und übernimmt das angepasste Modell nur, wenn es besser ist.</translation>
    </message>
    <message>
        <source>Judged set</source>
        <translation>Bewerteter Satz</translation>
    </message>
    <message>
        <source>&amp;Judged searches over this project&apos;s documents</source>
        <translation>&amp;Bewertete Suchen über die Dokumente dieses Projekts</translation>
    </message>
    <message>
        <source>A queries file (JSONL: _id, text) and a qrels file (TSV: query-id, corpus-id, score) naming the project&apos;s documents.</source>
        <translation>Eine Datei mit Suchanfragen (JSONL: _id, text) und eine qrels-Datei (TSV: query-id, corpus-id, score), die Dokumente des Projekts nennt.</translation>
    </message>
    <message>
        <source>A &amp;BEIR folder (corpus.jsonl, queries.jsonl, qrels/)</source>
        <translation>Ein BEIR-&amp;Ordner (corpus.jsonl, queries.jsonl, qrels/)</translation>
    </message>
    <message>
        <source>Judged &amp;questions of this project (built in the search window)</source>
        <translation>Bewertete &amp;Fragen dieses Projekts (im Suchfenster erstellt)</translation>
    </message>
    <message>
        <source>Questions your clinicians judged with Search &gt; Judged questions: measured through the project&apos;s own search, as the departments use it.</source>
        <translation>Fragen, die Ihre Ärztinnen und Ärzte unter Suche &gt; Bewertete Fragen bewertet haben: gemessen mit der Suche des Projekts, so wie die Abteilungen sie nutzen.</translation>
    </message>
    <message>
        <source>Judge &amp;questions...</source>
        <translation>Fragen &amp;bewerten...</translation>
    </message>
    <message>
        <source>Open the judged-question builder</source>
        <translation>Den Fragen-Bewerter öffnen</translation>
    </message>
    <message>
        <source>queries.jsonl</source>
        <translation>queries.jsonl</translation>
    </message>
    <message>
        <source>qrels.tsv</source>
        <translation>qrels.tsv</translation>
    </message>
    <message>
        <source>&amp;Queries...</source>
        <translation>&amp;Anfragen...</translation>
    </message>
    <message>
        <source>JSONL files (*.jsonl)</source>
        <translation>JSONL-Dateien (*.jsonl)</translation>
    </message>
    <message>
        <source>Q&amp;rels...</source>
        <translation>Q&amp;rels...</translation>
    </message>
    <message>
        <source>TSV files (*.tsv)</source>
        <translation>TSV-Dateien (*.tsv)</translation>
    </message>
    <message>
        <source>Use the sample reports&apos; &amp;searches</source>
        <translation>&amp;Suchen der Beispielbefunde verwenden</translation>
    </message>
    <message>
        <source>23 searches a clinician might type, each with the sample reports that should come up (for the demo project).</source>
        <translation>23 Suchen, wie sie eine Ärztin oder ein Arzt eingeben könnte, jede mit den Beispielbefunden, die gefunden werden sollen (für das Demo-Projekt).</translation>
    </message>
    <message>
        <source>a folder with corpus.jsonl, queries.jsonl and qrels/</source>
        <translation>ein Ordner mit corpus.jsonl, queries.jsonl und qrels/</translation>
    </message>
    <message>
        <source>F&amp;older...</source>
        <translation>Or&amp;dner...</translation>
    </message>
    <message>
        <source>Which qrels file of the folder (qrels/&lt;split&gt;.tsv).</source>
        <translation>Welche qrels-Datei des Ordners (qrels/&lt;split&gt;.tsv).</translation>
    </message>
    <message>
        <source>Set:</source>
        <translation>Satz:</translation>
    </message>
    <message>
        <source>Queries:</source>
        <translation>Anfragen:</translation>
    </message>
    <message>
        <source>Qrels:</source>
        <translation>Qrels:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>&amp;Measure base and tuned</source>
        <translation>Basis und angepasstes Modell &amp;messen</translation>
    </message>
    <message>
        <source>The judged sets measured in this project</source>
        <translation>Die in diesem Projekt gemessenen bewerteten Sätze</translation>
    </message>
    <message>
        <source>Res&amp;ults for:</source>
        <translation>&amp;Ergebnisse für:</translation>
    </message>
    <message>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>tuned</source>
        <translation>angepasst</translation>
    </message>
    <message>
        <source>tuned/base</source>
        <translation>angepasst/Basis</translation>
    </message>
    <message>
        <source>The scores of both models appear here once they are measured.</source>
        <translation>Die Werte beider Modelle erscheinen hier, sobald sie gemessen sind.</translation>
    </message>
    <message>
        <source>Open the chart &amp;image</source>
        <translation>Diagramm als B&amp;ild öffnen</translation>
    </message>
    <message>
        <source>The PNG chart of all judged sets, in the project&apos;s reports folder.</source>
        <translation>Das PNG-Diagramm aller bewerteten Sätze, im Berichtsordner des Projekts.</translation>
    </message>
    <message>
        <source>Which model search uses</source>
        <translation>Welches Modell die Suche verwendet</translation>
    </message>
    <message>
        <source>&amp;Adopt the tuned model</source>
        <translation>Angepasstes Modell &amp;übernehmen</translation>
    </message>
    <message>
        <source>Let search use the tuned model (allowed only when it measured at least as good as the base model).</source>
        <translation>Die Suche das angepasste Modell verwenden lassen (nur erlaubt, wenn es mindestens so gut gemessen wurde wie das Basismodell).</translation>
    </message>
    <message>
        <source>Use the base mode&amp;l</source>
        <translation>Basismode&amp;ll verwenden</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Eine Datei wählen</translation>
    </message>
    <message>
        <source>Choose a BEIR folder</source>
        <translation>Einen BEIR-Ordner wählen</translation>
    </message>
    <message>
        <source>%1 (%2 questions, %3 judged)</source>
        <translation>%1 (%2 Fragen, %3 bewertet)</translation>
    </message>
    <message>
        <source>This project has no judged questions yet: build some with Judge questions.</source>
        <translation>Dieses Projekt hat noch keine bewerteten Fragen: erstellen Sie welche mit „Fragen bewerten“.</translation>
    </message>
    <message>
        <source>Choose a BEIR folder first.</source>
        <translation>Wählen Sie zuerst einen BEIR-Ordner.</translation>
    </message>
    <message>
        <source>The folder has no qrels/&lt;split&gt;.tsv file; it is not a BEIR folder.</source>
        <translation>Der Ordner hat keine Datei qrels/&lt;split&gt;.tsv; er ist kein BEIR-Ordner.</translation>
    </message>
    <message>
        <source>Choose a queries file and a qrels file first (or the sample reports&apos; searches).</source>
        <translation>Wählen Sie zuerst eine Anfragen- und eine qrels-Datei (oder die Suchen der Beispielbefunde).</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Open the &amp;Project page</source>
        <translation>Seite &amp;Projekt öffnen</translation>
    </message>
    <message>
        <source>Measuring the base and the tuned model</source>
        <translation>Das Basismodell und das angepasste Modell werden gemessen</translation>
    </message>
    <message>
        <source>Measuring the base model</source>
        <translation>Das Basismodell wird gemessen</translation>
    </message>
    <message>
        <source>Both models were measured; see the table and the adoption guard below.</source>
        <translation>Beide Modelle wurden gemessen; siehe die Tabelle und die Übernahmeprüfung unten.</translation>
    </message>
    <message>
        <source>The base model was measured. There is no tuned model yet: train one, then measure again.</source>
        <translation>Das Basismodell wurde gemessen. Es gibt noch kein angepasstes Modell: Trainieren Sie eines und messen Sie dann erneut.</translation>
    </message>
    <message>
        <source>Open the &amp;Train page</source>
        <translation>Seite &amp;Trainieren öffnen</translation>
    </message>
    <message>
        <source>%1 (%2 judged queries)</source>
        <translation>%1 (%2 bewertete Anfragen)</translation>
    </message>
    <message>
        <source>%1: %2 judged queries</source>
        <translation>%1: %2 bewertete Anfragen</translation>
    </message>
    <message>
        <source>Nothing measured yet.</source>
        <translation>Noch nichts gemessen.</translation>
    </message>
    <message>
        <source>Only the base model was measured on this set (%1 %2).</source>
        <translation>Auf diesem Satz wurde nur das Basismodell gemessen (%1 %2).</translation>
    </message>
    <message>
        <source>Only the tuned model was measured on this set (%1 %2).</source>
        <translation>Auf diesem Satz wurde nur das angepasste Modell gemessen (%1 %2).</translation>
    </message>
    <message>
        <source>The tuned and the base model are equal on %1 (%2).</source>
        <translation>Das angepasste und das Basismodell sind bei %1 gleich (%2).</translation>
    </message>
    <message>
        <source>The tuned model finds the right reports better than the base model: %1 %2 instead of %3.</source>
        <translation>Das angepasste Modell findet die richtigen Befunde besser als das Basismodell: %1 %2 statt %3.</translation>
    </message>
    <message>
        <source>The tuned model finds the right reports less well than the base model: %1 %2 instead of %3.</source>
        <translation>Das angepasste Modell findet die richtigen Befunde schlechter als das Basismodell: %1 %2 statt %3.</translation>
    </message>
    <message>
        <source>Open a project to see which model its search uses.</source>
        <translation>Öffnen Sie ein Projekt, um zu sehen, welches Modell seine Suche verwendet.</translation>
    </message>
    <message>
        <source>There is no tuned model yet, so search uses the base model. Train one on the Train page, then measure both models here.</source>
        <translation>Es gibt noch kein angepasstes Modell, daher verwendet die Suche das Basismodell. Trainieren Sie eines auf der Seite Trainieren und messen Sie dann hier beide Modelle.</translation>
    </message>
    <message>
        <source>The tuned model cannot be adopted yet: nobody has checked on judged searches that it finds the right reports. Measure both models on a judged set above first.</source>
        <translation>Das angepasste Modell kann noch nicht übernommen werden: Niemand hat an bewerteten Suchen geprüft, dass es die richtigen Befunde findet. Messen Sie zuerst oben beide Modelle an einem bewerteten Satz.</translation>
    </message>
    <message>
        <source>“%1”: tuned %2, base %3</source>
        <translation>„%1“: angepasst %2, Basis %3</translation>
    </message>
    <message>
        <source>The tuned model cannot be adopted: it finds the right reports less well than the base model on at least one judged set (%1 %2). Search keeps the base model. Train again (other settings, more or better questions) and measure again.</source>
        <translation>Das angepasste Modell kann nicht übernommen werden: Es findet die richtigen Befunde auf mindestens einem bewerteten Satz schlechter als das Basismodell (%1 %2). Die Suche behält das Basismodell. Trainieren Sie erneut (andere Einstellungen, mehr oder bessere Fragen) und messen Sie noch einmal.</translation>
    </message>
    <message>
        <source>“%1”: difference %2, 95% interval %3 to %4 over %5 queries</source>
        <translation>„%1“: Unterschied %2, 95-%-Intervall %3 bis %4 über %5 Fragen</translation>
    </message>
    <message>
        <source>The tuned model cannot be adopted yet: the difference from the base model in %1 may be chance (%2). A gain counts when its interval lies above zero on a set of at least %3 judged queries. Judge more queries and measure both models again.</source>
        <translation>Das angepasste Modell kann noch nicht übernommen werden: der Unterschied zum Basismodell in %1 kann Zufall sein (%2). Ein Gewinn zählt, wenn sein Intervall auf einem Satz von mindestens %3 bewerteten Fragen über null liegt. Bewerten Sie mehr Fragen und messen Sie beide Modelle erneut.</translation>
    </message>
    <message>
        <source>The tuned model is at least as good as the base model on every judged set measured (%1 %2). You can adopt it.</source>
        <translation>Das angepasste Modell ist auf jedem gemessenen bewerteten Satz mindestens so gut wie das Basismodell (%1 %2). Sie können es übernehmen.</translation>
    </message>
    <message>
        <source>Search uses now: the base model.</source>
        <translation>Die Suche verwendet jetzt: das Basismodell.</translation>
    </message>
    <message>
        <source>Search uses now: the tuned model.</source>
        <translation>Die Suche verwendet jetzt: das angepasste Modell.</translation>
    </message>
    <message>
        <source>Search uses now: a tuned model adopted earlier (the newest one is not adopted yet).</source>
        <translation>Die Suche verwendet jetzt: ein früher übernommenes angepasstes Modell (das neueste ist noch nicht übernommen).</translation>
    </message>
    <message>
        <source>Adopting the tuned model</source>
        <translation>Das angepasste Modell wird übernommen</translation>
    </message>
    <message>
        <source>Switching search to the base model</source>
        <translation>Die Suche wird auf das Basismodell umgestellt</translation>
    </message>
    <message>
        <source>Search now uses the tuned model. Build the search index again so that it holds the tuned model&apos;s vectors.</source>
        <translation>Die Suche verwendet jetzt das angepasste Modell. Bauen Sie den Suchindex neu, damit er die Vektoren des angepassten Modells enthält.</translation>
    </message>
    <message>
        <source>&amp;Next: Index</source>
        <translation>&amp;Weiter: Indexieren</translation>
    </message>
    <message>
        <source>Search now uses the base model. Build the search index again.</source>
        <translation>Die Suche verwendet jetzt das Basismodell. Bauen Sie den Suchindex neu.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>No model was measured in this project yet.</source>
        <translation>In diesem Projekt wurde noch kein Modell gemessen.</translation>
    </message>
    <message>
        <source>Choose a judged set and measure the base and the tuned model.</source>
        <translation>Wählen Sie einen bewerteten Satz und messen Sie das Basismodell und das angepasste Modell.</translation>
    </message>
    <message>
        <source>Measured on %1 judged set(s); %2 with both models.</source>
        <translation>Auf %1 bewerteten Satz/Sätzen gemessen; %2 mit beiden Modellen.</translation>
    </message>
    <message>
        <source>Adopt the tuned model, then build the search index on the Index page.</source>
        <translation>Übernehmen Sie das angepasste Modell und bauen Sie dann den Suchindex auf der Seite Indexieren.</translation>
    </message>
    <message>
        <source>Search uses the tuned model: build the search index on the Index page.</source>
        <translation>Die Suche verwendet das angepasste Modell: Bauen Sie den Suchindex auf der Seite Indexieren.</translation>
    </message>
    <message>
        <source>Search keeps the base model; build the search index on the Index page.</source>
        <translation>Die Suche behält das Basismodell; bauen Sie den Suchindex auf der Seite Indexieren.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Exports a bundle with the tuned model (trained on pseudonymized text only) that another hospital can install. It contains no documents.</source>
        <translation>Exportiert ein Paket mit dem angepassten Modell (nur auf pseudonymisiertem Text trainiert), das ein anderes Krankenhaus installieren kann. Es enthält keine Dokumente.</translation>
    </message>
    <message>
        <source>What the bundle holds</source>
        <translation>Was das Paket enthält</translation>
    </message>
    <message>
        <source>the tuned model: its weights and tokenizer, trained on pseudonymized text only, as a standard sentence-transformers folder;</source>
        <translation>das angepasste Modell: seine Gewichte und sein Tokenizer, nur mit pseudonymisiertem Text trainiert, als gewöhnlicher sentence-transformers-Ordner;</translation>
    </message>
    <message>
        <source>a model card: the base model and its license, how many reports, sections and questions it was trained on (counts only), the pseudonymization and its measured recall, intended use and limits;</source>
        <translation>eine Modellkarte: das Basismodell und seine Lizenz, mit wie vielen Berichten, Abschnitten und Fragen es trainiert wurde (nur Anzahlen), die Pseudonymisierung und ihre gemessene Trefferquote, Einsatzzweck und Grenzen;</translation>
    </message>
    <message>
        <source>the metrics: base vs tuned on the judged sets (cross-validated where it learned from them) and a chart;</source>
        <translation>die Kennzahlen: Basis gegen angepasst auf den bewerteten Fragen (kreuzvalidiert, wo es aus ihnen gelernt hat) und ein Diagramm;</translation>
    </message>
    <message>
        <source>Write one &amp;.zip file (easier to carry)</source>
        <translation>Eine &amp;.zip-Datei schreiben (leichter zu transportieren)</translation>
    </message>
    <message>
        <source>Save the model bundle</source>
        <translation>Modellpaket speichern</translation>
    </message>
    <message>
        <source>Model bundles (*.zip)</source>
        <translation>Modellpakete (*.zip)</translation>
    </message>
    <message>
        <source>The new bundle folder</source>
        <translation>Der neue Paketordner</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Open the &amp;Project page</source>
        <translation>Seite &amp;Projekt öffnen</translation>
    </message>
    <message>
        <source>Exporting the model bundle</source>
        <translation>Modellpaket wird exportiert</translation>
    </message>
    <message>
        <source>Export anyway?</source>
        <translation>Trotzdem exportieren?</translation>
    </message>
    <message>
        <source>%1

The model card will say so. Export anyway?</source>
        <translation>%1

Die Modellkarte wird das angeben. Trotzdem exportieren?</translation>
    </message>
    <message>
        <source>Wrote %1 (%2 files, %3 MB). The PHI leak scan searched %4 original PHI strings in every file and found none.</source>
        <translation>%1 geschrieben (%2 Dateien, %3 MB). Die Suche nach Patientendaten hat %4 echte PHI-Zeichenketten in jeder Datei gesucht und keine gefunden.</translation>
    </message>
    <message>
        <source>The card states what you confirmed: %1.</source>
        <translation>Die Karte nennt, was Sie bestätigt haben: %1.</translation>
    </message>
    <message>
        <source>A tuned model is ready to export.</source>
        <translation>Ein angepasstes Modell ist bereit zum Export.</translation>
    </message>
    <message>
        <source>There is no tuned model yet: train one on the Train page first.</source>
        <translation>Es gibt noch kein angepasstes Modell: trainieren Sie zuerst eines auf der Seite „Trainieren“.</translation>
    </message>
    <message>
        <source>Pseudonymization: strict mode %1; %2 of %3 documents flagged for review were reviewed.</source>
        <translation>Pseudonymisierung: strenger Modus %1; %2 von %3 zur Prüfung markierten Dokumenten wurden geprüft.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>The export will ask you to confirm this, and the model card will state it.</source>
        <translation>Der Export fragt Sie nach einer Bestätigung, und die Modellkarte gibt es an.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Nothing to export yet.</source>
        <translation>Noch nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Train a model on the Train page first.</source>
        <translation>Trainieren Sie zuerst ein Modell auf der Seite „Trainieren“.</translation>
    </message>
    <message>
        <source>A tuned model can be exported.</source>
        <translation>Ein angepasstes Modell kann exportiert werden.</translation>
    </message>
    <message>
        <source>Export the bundle and check it with &apos;appliance bundle verify&apos; before it leaves the building.</source>
        <translation>Exportieren Sie das Paket und prüfen Sie es mit &apos;appliance bundle verify&apos;, bevor es das Haus verlässt.</translation>
    </message>
    <message>
        <source>checksums: the sha256 of every file, so the receiving hospital can check that nothing was changed on the way;</source>
        <translation>Prüfsummen: die sha256 jeder Datei, damit das empfangende Krankenhaus prüfen kann, dass unterwegs nichts verändert wurde;</translation>
    </message>
    <message>
        <source>a PHI leak scan: before the bundle is written, every file in it is searched for the names, dates and numbers found in this project&apos;s reports; the export stops if one is found.</source>
        <translation>eine Prüfung auf PHI-Lecks: Bevor das Paket geschrieben wird, wird jede Datei darin nach den Namen, Daten und Nummern durchsucht, die in den Befunden dieses Projekts gefunden wurden; wird eines gefunden, bricht der Export ab.</translation>
    </message>
    <message>
        <source>&amp;Export bundle...</source>
        <translation>Paket &amp;exportieren...</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <extracomment>field names tried first for each picker (lower case) the status keys stored in the table (Qt.UserRole) for each file</extracomment>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Add the reports to make searchable: single files, whole folders, or CSV/JSONL exports of the hospital system (txt, md, pdf, docx, csv, jsonl, also gzipped). Files already in the project are skipped, so importing again is always safe. Files that cannot be read are listed with the reason; nothing else is lost.</source>
        <translation>Fügen Sie die Berichte hinzu, die durchsuchbar werden sollen: einzelne Dateien, ganze Ordner oder CSV/JSONL-Exporte des Krankenhaussystems (txt, md, pdf, docx, csv, jsonl, auch gzip-komprimiert). Dateien, die schon im Projekt sind, werden übersprungen; erneutes Importieren ist also immer sicher. Dateien, die nicht gelesen werden können, werden mit dem Grund aufgeführt; sonst geht nichts verloren.</translation>
    </message>
    <message>
        <source>&amp;Add files...</source>
        <translation>Dateien hin&amp;zufügen...</translation>
    </message>
    <message>
        <source>Add f&amp;older...</source>
        <translation>&amp;Ordner hinzufügen...</translation>
    </message>
    <message>
        <source>Remo&amp;ve selected</source>
        <translation>Auswahl ent&amp;fernen</translation>
    </message>
    <message>
        <source>Clea&amp;r list</source>
        <translation>Liste lee&amp;ren</translation>
    </message>
    <message>
        <source>I&amp;mport</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>You can also drag files and folders onto this page.</source>
        <translation>Sie können Dateien und Ordner auch auf diese Seite ziehen.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>CSV and JSONL exports: which field holds what</source>
        <translation>CSV- und JSONL-Exporte: welches Feld was enthält</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>&amp;Text:</translation>
    </message>
    <message>
        <source>The field with the report&apos;s text (required).</source>
        <translation>Das Feld mit dem Text des Berichts (erforderlich).</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Kennung:</translation>
    </message>
    <message>
        <source>The record&apos;s id in the hospital system; without it, the line number is used.</source>
        <translation>Die Kennung des Datensatzes im Krankenhaussystem; ohne sie wird die Zeilennummer verwendet.</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>The document type (radiology, pathology, ...); without it, the type is guessed from the text.</source>
        <translation>Der Dokumenttyp (Radiologie, Pathologie, ...); ohne ihn wird der Typ aus dem Text erschlossen.</translation>
    </message>
    <message>
        <source>&amp;Patient:</source>
        <translation>&amp;Patient:</translation>
    </message>
    <message>
        <source>The patient id: all dates of one patient are shifted by the same number of days when pseudonymizing.</source>
        <translation>Die Patientenkennung: Beim Pseudonymisieren werden alle Daten eines Patienten um dieselbe Zahl von Tagen verschoben.</translation>
    </message>
    <message>
        <source>Tit&amp;le:</source>
        <translation>Tite&amp;l:</translation>
    </message>
    <message>
        <source>A title, shown in search results.</source>
        <translation>Ein Titel, der in Suchergebnissen erscheint.</translation>
    </message>
    <message>
        <source>Dat&amp;e:</source>
        <translation>Datu&amp;m:</translation>
    </message>
    <message>
        <source>The document&apos;s own date (for date filters in search).</source>
        <translation>Das Datum des Dokuments selbst (für Datumsfilter bei der Suche).</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Dateien hinzufügen</translation>
    </message>
    <message>
        <source>Reports and exports (*.txt *.md *.pdf *.docx *.csv *.jsonl *.jsonl.gz *.ndjson);;All files (*)</source>
        <translation>Berichte und Exporte (*.txt *.md *.pdf *.docx *.csv *.jsonl *.jsonl.gz *.ndjson);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Einen Ordner hinzufügen</translation>
    </message>
    <message>
        <source>export (records)</source>
        <translation>Export (Datensätze)</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Waiting to be imported</source>
        <translation>Wartet auf den Import</translation>
    </message>
    <message>
        <source>Preview of the first rows of %1.</source>
        <translation>Vorschau der ersten Zeilen von %1.</translation>
    </message>
    <message>
        <source>The fields chosen here apply to all %1 exports in the list.</source>
        <translation>Die hier gewählten Felder gelten für alle %1 Exporte der Liste.</translation>
    </message>
    <message>
        <source>No fields could be read from it; the import will list the reason.</source>
        <translation>Es konnten keine Felder gelesen werden; der Import nennt den Grund.</translation>
    </message>
    <message>
        <source>(automatic: %1)</source>
        <translation>(automatisch: %1)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>Add files or folders first.</source>
        <translation>Fügen Sie zuerst Dateien oder Ordner hinzu.</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Ope&amp;n the Project page</source>
        <translation>Zur Projektseite &amp;wechseln</translation>
    </message>
    <message>
        <source>Importing %1 files</source>
        <translation>%1 Dateien werden importiert</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Abgelehnt: %1</translation>
    </message>
    <message>
        <source>Imported: %1 new documents</source>
        <translation>Importiert: %1 neue Dokumente</translation>
    </message>
    <message>
        <source>No new documents</source>
        <translation>Keine neuen Dokumente</translation>
    </message>
    <message>
        <source>Already in the project</source>
        <translation>Schon im Projekt</translation>
    </message>
    <message>
        <source>%1 records rejected (first: %2, %3)</source>
        <translation>%1 Datensätze abgelehnt (erster: %2, %3)</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Imported %1 new documents (%2 sections) in %3 s; %4 were already in the project.</source>
        <translation>%1 neue Dokumente (%2 Abschnitte) in %3 s importiert; %4 waren schon im Projekt.</translation>
    </message>
    <message>
        <source>%1 could not be imported (see the list).</source>
        <translation>%1 konnten nicht importiert werden (siehe Liste).</translation>
    </message>
    <message>
        <source>&amp;Next: Pseudonymize</source>
        <translation>&amp;Nächster Schritt: Pseudonymisieren</translation>
    </message>
    <message>
        <source>The import was cancelled. The documents imported so far are kept; import the same files again to add the rest.</source>
        <translation>Der Import wurde abgebrochen. Die bisher importierten Dokumente bleiben erhalten; importieren Sie dieselben Dateien erneut, um den Rest hinzuzufügen.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page first.</source>
        <translation>Legen Sie zuerst auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>No documents imported yet.</source>
        <translation>Noch keine Dokumente importiert.</translation>
    </message>
    <message>
        <source>Add files or folders, then press Import.</source>
        <translation>Fügen Sie Dateien oder Ordner hinzu und klicken Sie dann auf „Importieren“.</translation>
    </message>
    <message>
        <source>The project holds %1 documents (%2 sections).</source>
        <translation>Das Projekt enthält %1 Dokumente (%2 Abschnitte).</translation>
    </message>
    <message>
        <source>Import more, or go on to Pseudonymize, which replaces names, dates and numbers.</source>
        <translation>Importieren Sie weitere oder gehen Sie weiter zu „Pseudonymisieren“, das Namen, Daten und Nummern ersetzt.</translation>
    </message>
</context>
<context>
    <name>IndexPage</name>
    <message>
        <source>Index</source>
        <translation>Indexieren</translation>
    </message>
    <message>
        <source>Builds the search index (vectors of the adopted model and a full-text index) over the original or the pseudonymized text, so that the documents become searchable.</source>
        <translation>Baut den Suchindex (Vektoren des übernommenen Modells und einen Volltextindex) über den Original- oder den pseudonymisierten Text, damit die Dokumente durchsuchbar werden.</translation>
    </message>
    <message>
        <source>Which text is searched</source>
        <translation>Welcher Text durchsucht wird</translation>
    </message>
    <message>
        <source>&amp;Pseudonymized text (recommended)</source>
        <translation>&amp;Pseudonymisierter Text (empfohlen)</translation>
    </message>
    <message>
        <source>The text after the Pseudonymize step: names, dates, addresses and numbers are replaced with invented ones. Search results then never show who a report is about. Reports that are not pseudonymized yet are not searchable.</source>
        <translation>Der Text nach dem Schritt Pseudonymisieren: Namen, Daten, Adressen und Nummern sind durch erfundene ersetzt. Suchergebnisse zeigen dann nie, wen ein Befund betrifft. Noch nicht pseudonymisierte Befunde sind nicht durchsuchbar.</translation>
    </message>
    <message>
        <source>&amp;Original text (only for a search inside the hospital)</source>
        <translation>&amp;Originaltext (nur für eine Suche im Krankenhaus)</translation>
    </message>
    <message>
        <source>The reports as they were imported, with the real names. Choose it only when the search is used inside the hospital by people who may read these reports; the index then holds patient data.</source>
        <translation>Die Befunde, wie sie importiert wurden, mit den echten Namen. Wählen Sie ihn nur, wenn die Suche im Krankenhaus von Personen verwendet wird, die diese Befunde lesen dürfen; der Index enthält dann Patientendaten.</translation>
    </message>
    <message>
        <source>&amp;Build the index</source>
        <translation>Index &amp;bauen</translation>
    </message>
    <message>
        <source>What is searchable</source>
        <translation>Was durchsuchbar ist</translation>
    </message>
    <message>
        <source>Sections in the project</source>
        <translation>Abschnitte im Projekt</translation>
    </message>
    <message>
        <source>Searchable by words (full-text index)</source>
        <translation>Nach Wörtern durchsuchbar (Volltextindex)</translation>
    </message>
    <message>
        <source>Searchable by meaning (vectors)</source>
        <translation>Nach Bedeutung durchsuchbar (Vektoren)</translation>
    </message>
    <message>
        <source>Not searchable yet</source>
        <translation>Noch nicht durchsuchbar</translation>
    </message>
    <message>
        <source>Documents with searchable sections</source>
        <translation>Dokumente mit durchsuchbaren Abschnitten</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Open the &amp;Project page</source>
        <translation>Seite &amp;Projekt öffnen</translation>
    </message>
    <message>
        <source>Building the search index</source>
        <translation>Der Suchindex wird gebaut</translation>
    </message>
    <message>
        <source>The index is up to date: %1 sections searchable. Added %2 sections to the full-text index and %3 to the vectors in %4 s.</source>
        <translation>Der Index ist aktuell: %1 Abschnitte durchsuchbar. %2 Abschnitte wurden in %4 s zum Volltextindex hinzugefügt und %3 zu den Vektoren.</translation>
    </message>
    <message>
        <source>It was built again from the start, because the model, the vector type or the text changed.</source>
        <translation>Er wurde von Grund auf neu gebaut, weil sich das Modell, der Vektortyp oder der Text geändert hat.</translation>
    </message>
    <message>
        <source>%1 sections have no pseudonymized text yet and are not searchable.</source>
        <translation>%1 Abschnitte haben noch keinen pseudonymisierten Text und sind nicht durchsuchbar.</translation>
    </message>
    <message>
        <source>&amp;Next: Export</source>
        <translation>&amp;Weiter: Exportieren</translation>
    </message>
    <message>
        <source>Indexing was stopped. What it indexed so far is kept; build it again to continue where it stopped.</source>
        <translation>Das Indexieren wurde angehalten. Was bisher indexiert wurde, bleibt erhalten; bauen Sie erneut, um dort weiterzumachen, wo es aufgehört hat.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Now indexed:&lt;/b&gt; the original text.</source>
        <translation>&lt;b&gt;Jetzt indexiert:&lt;/b&gt; der Originaltext.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Now indexed:&lt;/b&gt; the pseudonymized text.</source>
        <translation>&lt;b&gt;Jetzt indexiert:&lt;/b&gt; der pseudonymisierte Text.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Now indexed:&lt;/b&gt; nothing yet.</source>
        <translation>&lt;b&gt;Jetzt indexiert:&lt;/b&gt; noch nichts.</translation>
    </message>
    <message>
        <source>The vectors come from the base model, because no tuned model was adopted on the Evaluate page.</source>
        <translation>Die Vektoren stammen vom Basismodell, weil auf der Seite Bewerten kein angepasstes Modell übernommen wurde.</translation>
    </message>
    <message>
        <source>The vectors come from the tuned model adopted on the Evaluate page.</source>
        <translation>Die Vektoren stammen vom angepassten Modell, das auf der Seite Bewerten übernommen wurde.</translation>
    </message>
    <message>
        <source>&amp;Update the index</source>
        <translation>Index &amp;aktualisieren</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>No search index yet.</source>
        <translation>Noch kein Suchindex.</translation>
    </message>
    <message>
        <source>Pseudonymize the documents first, or index the original text for a search inside the hospital.</source>
        <translation>Pseudonymisieren Sie zuerst die Dokumente, oder indexieren Sie den Originaltext für eine Suche im Krankenhaus.</translation>
    </message>
    <message>
        <source>Build the index; then the documents can be searched.</source>
        <translation>Bauen Sie den Index; dann sind die Dokumente durchsuchbar.</translation>
    </message>
    <message>
        <source>%1 of %2 sections are searchable.</source>
        <translation>%1 von %2 Abschnitten sind durchsuchbar.</translation>
    </message>
    <message>
        <source>Update the index after pseudonymizing or importing more documents.</source>
        <translation>Aktualisieren Sie den Index, nachdem Sie weitere Dokumente pseudonymisiert oder importiert haben.</translation>
    </message>
    <message>
        <source>Everything is searchable. The Export step bundles the tuned model.</source>
        <translation>Alles ist durchsuchbar. Der Schritt Exportieren verpackt das angepasste Modell.</translation>
    </message>
</context>
<context>
    <name>InterruptedBanner</name>
    <message>
        <source>Interrupted: %1. The app was closed or the computer stopped while it ran; what it saved is kept, and its page can resume it.</source>
        <extracomment>job kind -&gt; the wizard page that resumes it</extracomment>
        <translation>Unterbrochen: %1. Die App wurde geschlossen oder der Computer hielt an, während der Schritt lief; was er gespeichert hat, bleibt erhalten, und seine Seite kann ihn fortsetzen.</translation>
    </message>
    <message>
        <source>&amp;Resume on the %1 page</source>
        <translation>Auf der Seite %1 &amp;fortsetzen</translation>
    </message>
</context>
<context>
    <name>JudgeBuilder</name>
    <message>
        <source>Judged questions</source>
        <extracomment>grade -&gt; mark shown beside a judged candidate the query whose candidates are listed the models pooling loaded, kept for the next question (used on the writer thread only)</extracomment>
        <translation>Bewertete Fragen</translation>
    </message>
    <message>
        <source>Write the questions your department really asks, and mark for each suggested report whether it answers the question. The reports come from three searches mixed together, and the list does not say which one found a report, so that no model is favoured. Evaluate then measures the base and the tuned model on your judgments.</source>
        <translation>Schreiben Sie die Fragen, die Ihre Abteilung wirklich stellt, und markieren Sie für jeden vorgeschlagenen Befund, ob er die Frage beantwortet. Die Befunde stammen aus drei gemischten Suchen, und die Liste verrät nicht, welche einen Befund gefunden hat, damit kein Modell bevorzugt wird. „Bewerten“ misst dann das Basis- und das angepasste Modell an Ihren Urteilen.</translation>
    </message>
    <message>
        <source>Judged &amp;set:</source>
        <translation>Bewerteter &amp;Satz:</translation>
    </message>
    <message>
        <source>&amp;New set...</source>
        <translation>&amp;Neuer Satz...</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>&amp;Importieren...</translation>
    </message>
    <message>
        <source>Read a judged set in BEIR layout (queries.jsonl and qrels/test.tsv)</source>
        <translation>Einen bewerteten Satz im BEIR-Format lesen (queries.jsonl und qrels/test.tsv)</translation>
    </message>
    <message>
        <source>E&amp;xport...</source>
        <translation>E&amp;xportieren...</translation>
    </message>
    <message>
        <source>Write this set in BEIR layout, for appliance evaluate or other tools</source>
        <translation>Diesen Satz im BEIR-Format schreiben, für appliance evaluate oder andere Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>&amp;Frage:</translation>
    </message>
    <message>
        <source>e.g. Which patients had a laparoscopic cholecystectomy?</source>
        <translation>z. B. Welche Patienten hatten eine laparoskopische Cholezystektomie?</translation>
    </message>
    <message>
        <source>&amp;Find reports to judge</source>
        <translation>&amp;Befunde zum Bewerten finden</translation>
    </message>
    <message>
        <source>Questions of the set</source>
        <translation>Fragen des Satzes</translation>
    </message>
    <message>
        <source>Reports to judge</source>
        <translation>Zu bewertende Befunde</translation>
    </message>
    <message>
        <source>&amp;Relevant</source>
        <translation>&amp;Relevant</translation>
    </message>
    <message>
        <source>P&amp;artly relevant</source>
        <translation>&amp;Teilweise relevant</translation>
    </message>
    <message>
        <source>N&amp;ot relevant</source>
        <translation>Nicht rele&amp;vant</translation>
    </message>
    <message>
        <source>Shortcut: %1</source>
        <translation>Tastenkürzel: %1</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>%1 (%2 of %3 judged)</source>
        <translation>%1 (%2 von %3 bewertet)</translation>
    </message>
    <message>
        <source>No judged set yet: make one with New set, or just ask a question.</source>
        <translation>Noch kein bewerteter Satz: legen Sie einen mit „Neuer Satz“ an, oder stellen Sie einfach eine Frage.</translation>
    </message>
    <message>
        <source>%1 of %2 questions fully judged; %3 judgments, %4 of them relevant.</source>
        <translation>%1 von %2 Fragen vollständig bewertet; %3 Urteile, davon %4 relevant.</translation>
    </message>
    <message>
        <source>Report %1</source>
        <translation>Befund %1</translation>
    </message>
    <message>
        <source>New judged set</source>
        <translation>Neuer bewerteter Satz</translation>
    </message>
    <message>
        <source>&amp;Name of the set:</source>
        <translation>&amp;Name des Satzes:</translation>
    </message>
    <message>
        <source>Our questions</source>
        <translation>Unsere Fragen</translation>
    </message>
    <message>
        <source>Making a judged set</source>
        <translation>Bewerteten Satz anlegen</translation>
    </message>
    <message>
        <source>Type a question first.</source>
        <translation>Geben Sie zuerst eine Frage ein.</translation>
    </message>
    <message>
        <source>Finding reports to judge</source>
        <translation>Befunde zum Bewerten werden gesucht</translation>
    </message>
    <message>
        <source>Saving the judgment</source>
        <translation>Urteil speichern</translation>
    </message>
    <message>
        <source>Export the judged set into a folder</source>
        <translation>Den bewerteten Satz in einen Ordner exportieren</translation>
    </message>
    <message>
        <source>Wrote the set “%1” to %2.</source>
        <translation>Der Satz „%1“ wurde nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>Exporting the judged set</source>
        <translation>Bewerteten Satz exportieren</translation>
    </message>
    <message>
        <source>Import a judged set from a folder (BEIR layout)</source>
        <translation>Einen bewerteten Satz aus einem Ordner importieren (BEIR-Format)</translation>
    </message>
    <message>
        <source>Import a judged set</source>
        <translation>Einen bewerteten Satz importieren</translation>
    </message>
    <message>
        <source>Imported the set “%1”.</source>
        <translation>Der Satz „%1“ wurde importiert.</translation>
    </message>
    <message>
        <source>Importing a judged set</source>
        <translation>Bewerteten Satz importieren</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clinical search appliance</source>
        <extracomment>how many times the pages got fresh counts (tests wait on it)</extracomment>
        <translation>Klinische Such-Appliance</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New project...</source>
        <translation>&amp;Neues Projekt...</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>Projekt ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Protect with a passphrase...</source>
        <translation>Mit einer Passphrase &amp;schützen...</translation>
    </message>
    <message>
        <source>Encrypt the open project file, or change its passphrase.</source>
        <translation>Die geöffnete Projektdatei verschlüsseln oder ihre Passphrase ändern.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>Sea&amp;rch</source>
        <translation>Su&amp;che</translation>
    </message>
    <message>
        <source>&amp;Search the reports...</source>
        <translation>Befunde &amp;durchsuchen...</translation>
    </message>
    <message>
        <source>&amp;Judged questions...</source>
        <translation>&amp;Bewertete Fragen...</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Models...</source>
        <translation>&amp;Modelle...</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Appliance projects (*.appliance)</source>
        <translation>Appliance-Projekte (*.appliance)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>The passphrase of “%1” is changed.</source>
        <translation>Die Passphrase von „%1“ ist geändert.</translation>
    </message>
    <message>
        <source>“%1” is encrypted now. Copies made before (backups) are still plain.</source>
        <translation>„%1“ ist jetzt verschlüsselt. Früher angelegte Kopien (Sicherungen) sind weiterhin unverschlüsselt.</translation>
    </message>
    <message>
        <source>Encrypting the project %1</source>
        <translation>Das Projekt %1 wird verschlüsselt</translation>
    </message>
    <message>
        <source>%1 - Clinical search appliance</source>
        <translation>%1 - Klinische Such-Appliance</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language is used once the running job has finished and the window is opened again.</source>
        <translation>Die neue Sprache gilt, sobald der laufende Auftrag beendet ist und das Fenster neu geöffnet wird.</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>Ein Auftrag läuft</translation>
    </message>
    <message>
        <source>“%1” is still running. Stop it and close the window? What it has saved so far is kept, and running the step again continues from there.</source>
        <translation>„%1“ läuft noch. Abbrechen und das Fenster schließen? Was bisher gespeichert wurde, bleibt erhalten; wenn Sie den Schritt erneut ausführen, geht es dort weiter.</translation>
    </message>
    <message>
        <source>Stopping the job; the window closes when it has stopped...</source>
        <translation>Der Auftrag wird angehalten; das Fenster schließt sich danach...</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>&amp;Dismiss</source>
        <extracomment>the page key the action button leads to</extracomment>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Ope&amp;n it</source>
        <translation>&amp;Wechseln</translation>
    </message>
    <message>
        <source>Ope&amp;n that step</source>
        <translation>Zu diesem Schritt &amp;wechseln</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Search (embedding) models</source>
        <translation>Suchmodelle (Embedding)</translation>
    </message>
    <message>
        <source>PHI detection (NER) models</source>
        <translation>Modelle zur PHI-Erkennung (NER)</translation>
    </message>
    <message>
        <source>Translation models</source>
        <translation>Übersetzungsmodelle</translation>
    </message>
    <message>
        <source>Question generators</source>
        <translation>Fragengeneratoren</translation>
    </message>
    <message>
        <source>Without another one: the built-in all-MiniLM-L6-v2, which is always installed.</source>
        <translation>Ohne ein anderes: das eingebaute all-MiniLM-L6-v2, das immer installiert ist.</translation>
    </message>
    <message>
        <source>Without one: PHI is found by the built-in rules and word lists only (no GLiNER model).</source>
        <translation>Ohne eines: PHI wird nur mit den eingebauten Regeln und Wortlisten gefunden (kein GLiNER-Modell).</translation>
    </message>
    <message>
        <source>Without one: the Translate step is skipped and the later steps work on the German text.</source>
        <translation>Ohne eines: Der Schritt Übersetzen wird übersprungen, und die späteren Schritte arbeiten mit dem deutschen Text.</translation>
    </message>
    <message>
        <source>Without one: questions are written by the offline heuristic, which needs no model.</source>
        <translation>Ohne eines: Die Fragen schreibt die Offline-Heuristik, die kein Modell braucht.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Model store: %1</source>
        <translation>Modellablage: %1</translation>
    </message>
    <message>
        <source>Every model is a folder on this computer; the sha256 of each of its files was recorded when it was added. Verify recomputes them, so you can prove that what runs is what was carried in.</source>
        <translation>Jedes Modell ist ein Ordner auf diesem Computer; die sha256 jeder seiner Dateien wurde beim Hinzufügen festgehalten. Prüfen berechnet sie neu, so können Sie belegen, dass das, was läuft, das ist, was hereingebracht wurde.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Checksums</source>
        <translation>Prüfsummen</translation>
    </message>
    <message>
        <source>&amp;Verify checksums</source>
        <translation>Prüfsummen &amp;prüfen</translation>
    </message>
    <message>
        <source>&amp;Add a model from a folder...</source>
        <translation>Modell aus einem Ordner &amp;hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Import a model bundle...</source>
        <translation>Modellpaket &amp;importieren...</translation>
    </message>
    <message>
        <source>A bundle exported by another hospital&apos;s appliance (a folder or a .zip file): its checksums are checked before it is added.</source>
        <translation>Ein Paket, das die Appliance eines anderen Krankenhauses exportiert hat (ein Ordner oder eine .zip-Datei): seine Prüfsummen werden vor dem Hinzufügen geprüft.</translation>
    </message>
    <message>
        <source>built in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <source>(none installed)</source>
        <translation>(keines installiert)</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Recomputing the checksums of every model file...</source>
        <translation>Die Prüfsummen aller Modelldateien werden neu berechnet...</translation>
    </message>
    <message>
        <source>The checksums could not be computed: %1</source>
        <translation>Die Prüfsummen konnten nicht berechnet werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 models FAILED the check: %3. Add them again from a trusted copy.</source>
        <translation>%1 von %2 Modellen haben die Prüfung NICHT bestanden: %3. Fügen Sie sie erneut aus einer vertrauenswürdigen Kopie hinzu.</translation>
    </message>
    <message>
        <source>Every model verified (%1): each file is as it was when it was added.</source>
        <translation>Jedes Modell geprüft (%1): Jede Datei ist so, wie sie beim Hinzufügen war.</translation>
    </message>
    <message>
        <source>Copying the model into the store and recording its checksums...</source>
        <translation>Das Modell wird in die Ablage kopiert und seine Prüfsummen werden festgehalten...</translation>
    </message>
    <message>
        <source>The model could not be added: %1</source>
        <translation>Das Modell konnte nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Added “%1” (%2 files).</source>
        <translation>„%1“ hinzugefügt (%2 Dateien).</translation>
    </message>
    <message>
        <source>The model bundle (.zip), or cancel to choose a folder</source>
        <translation>Das Modellpaket (.zip), oder Abbrechen, um einen Ordner zu wählen</translation>
    </message>
    <message>
        <source>Model bundles (*.zip)</source>
        <translation>Modellpakete (*.zip)</translation>
    </message>
    <message>
        <source>The model bundle&apos;s folder</source>
        <translation>Der Ordner des Modellpakets</translation>
    </message>
    <message>
        <source>Checking the bundle&apos;s checksums and adding it to the store...</source>
        <translation>Die Prüfsummen des Pakets werden geprüft, dann wird es hinzugefügt...</translation>
    </message>
    <message>
        <source>The bundle was not imported: %1</source>
        <translation>Das Paket wurde nicht importiert: %1</translation>
    </message>
    <message>
        <source>Imported the bundle as “%1”: %2</source>
        <translation>Das Paket wurde als „%1“ importiert: %2</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Create or open a project on the Project page.</source>
        <extracomment>at most one progress signal per this many seconds (a stage may report thousands a second) an error&apos;s next_step code -&gt; the wizard page that does it</extracomment>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Import documents on the Import page first.</source>
        <translation>Importieren Sie zuerst Dokumente auf der Seite „Importieren“.</translation>
    </message>
    <message>
        <source>Pseudonymize the documents on the Pseudonymize page first.</source>
        <translation>Pseudonymisieren Sie zuerst die Dokumente auf der Seite „Pseudonymisieren“.</translation>
    </message>
    <message>
        <source>Translate the documents on the Translate page first.</source>
        <translation>Übersetzen Sie zuerst die Dokumente auf der Seite „Übersetzen“.</translation>
    </message>
    <message>
        <source>Generate questions on the Questions page first.</source>
        <translation>Erzeugen Sie zuerst Fragen auf der Seite „Fragen“.</translation>
    </message>
    <message>
        <source>Train a model on the Train page first.</source>
        <translation>Trainieren Sie zuerst ein Modell auf der Seite „Trainieren“.</translation>
    </message>
    <message>
        <source>Evaluate the models on the Evaluate page first.</source>
        <translation>Bewerten Sie zuerst die Modelle auf der Seite „Bewerten“.</translation>
    </message>
    <message>
        <source>Compare the models on the Evaluate page first.</source>
        <translation>Vergleichen Sie zuerst die Modelle auf der Seite „Bewerten“.</translation>
    </message>
    <message>
        <source>Build the search index on the Index page first.</source>
        <translation>Bauen Sie zuerst den Suchindex auf der Seite „Indexieren“.</translation>
    </message>
    <message>
        <source>Add the missing model to the model store first.</source>
        <translation>Fügen Sie zuerst das fehlende Modell dem Modellspeicher hinzu.</translation>
    </message>
    <message>
        <source>Resume the job to continue where it stopped.</source>
        <translation>Setzen Sie den Auftrag fort, um dort weiterzumachen, wo er angehalten hat.</translation>
    </message>
    <message>
        <source>Run it again and choose to force it (this is recorded in the audit log).</source>
        <translation>Führen Sie ihn erneut aus und erzwingen Sie ihn (das wird im Prüfprotokoll vermerkt).</translation>
    </message>
    <message>
        <source>Run it again and confirm it (the model card states it).</source>
        <translation>Führen Sie es noch einmal aus und bestätigen Sie es (die Modellkarte gibt es an).</translation>
    </message>
    <message>
        <source>Open it again and enter the project&apos;s passphrase.</source>
        <translation>Öffnen Sie es erneut und geben Sie die Passphrase des Projekts ein.</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <extracomment>one or two sentences; never a traceback, never document text what to do first (a ProjectError&apos;s next_step code), or None &quot;in-use&quot;, &quot;too-new&quot;, &quot;not-a-project&quot;, &quot;passphrase&quot; (encrypted: none or a wrong one), &quot;no-project&quot;, &quot;project&quot; (other ProjectError) or &quot;unexpected&quot; where the details are, for an unexpected error</extracomment>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>The project “%1” is in use by another appliance window or command. Close it there and try again; reading it still works meanwhile.</source>
        <translation>Das Projekt „%1“ wird von einem anderen Appliance-Fenster oder -Befehl verwendet. Schließen Sie es dort und versuchen Sie es erneut; lesen lässt es sich währenddessen weiterhin.</translation>
    </message>
    <message>
        <source>The project is in use by another appliance window or command. Close it there and try again.</source>
        <translation>Das Projekt wird von einem anderen Appliance-Fenster oder -Befehl verwendet. Schließen Sie es dort und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>“%1” is encrypted: its passphrase is needed to open it.</source>
        <translation>„%1“ ist verschlüsselt: Zum Öffnen wird die Passphrase gebraucht.</translation>
    </message>
    <message>
        <source>That passphrase does not open “%1”. Nothing was changed.</source>
        <translation>Diese Passphrase öffnet „%1“ nicht. Nichts wurde verändert.</translation>
    </message>
    <message>
        <source>“%1” is not an appliance project file.</source>
        <translation>„%1“ ist keine Projektdatei der Appliance.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong (%1).</source>
        <translation>Etwas Unerwartetes ist schiefgegangen (%1).</translation>
    </message>
    <message>
        <source>Something unexpected went wrong in “%1” (%2).</source>
        <translation>Bei „%1“ ist etwas Unerwartetes schiefgegangen (%2).</translation>
    </message>
    <message>
        <source>Work saved so far is kept. The details are in the log file (Help ▸ Open log folder).</source>
        <translation>Was bisher gespeichert wurde, bleibt erhalten. Die Einzelheiten stehen in der Protokolldatei (Hilfe ▸ Protokollordner öffnen).</translation>
    </message>
    <message>
        <source>The step could not finish</source>
        <extracomment>the open project&apos;s path, or None after closing True while a StageOp is queued or running a StageOp ended: its label and state (&quot;done&quot;, &quot;cancelled&quot;, &quot;failed&quot;) the open project&apos;s path (main thread) done, total (0: unknown), message, seconds left (None: unknown); totals may exceed 32 bits the final state</extracomment>
        <translation>Der Schritt konnte nicht abgeschlossen werden</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>No project is open.</source>
        <extracomment>the page&apos;s name in next-step links and settings (&quot;import&quot;) the page asks the window to show another page (by key)</extracomment>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>The project holds %1 documents.</source>
        <translation>Das Projekt enthält %1 Dokumente.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Choose a passphrase for “%1”. It encrypts the whole project file and the pseudonym map. Keep it safe: without it nobody, not even IT, can open the project.</source>
        <translation>Wählen Sie eine Passphrase für „%1“. Sie verschlüsselt die ganze Projektdatei und die Pseudonym-Zuordnung. Bewahren Sie sie sicher auf: Ohne sie kann niemand, auch nicht die IT, das Projekt öffnen.</translation>
    </message>
    <message>
        <source>“%1” is encrypted. Enter its passphrase to open it.</source>
        <translation>„%1“ ist verschlüsselt. Geben Sie die Passphrase ein, um es zu öffnen.</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen sind verschieden.</translation>
    </message>
</context>
<context>
    <name>PhiLabels</name>
    <message>
        <source>Patient name</source>
        <extracomment>the PHI labels of the detectors, with their readable names (context &quot;PhiLabels&quot;)</extracomment>
        <translation>Name des Patienten</translation>
    </message>
    <message>
        <source>Relative&apos;s name</source>
        <translation>Name eines Angehörigen</translation>
    </message>
    <message>
        <source>Doctor&apos;s name</source>
        <translation>Name eines Arztes</translation>
    </message>
    <message>
        <source>Other person&apos;s name</source>
        <translation>Name einer anderen Person</translation>
    </message>
    <message>
        <source>Name (other)</source>
        <translation>Name (sonstiger)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Name with title</source>
        <translation>Name mit Titel</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>Webadresse</translation>
    </message>
    <message>
        <source>Fax number</source>
        <translation>Faxnummer</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <source>Id or case number</source>
        <translation>Kennung oder Fallnummer</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>Krankenhaus</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>State or region</source>
        <translation>Bundesland oder Region</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Place (other)</source>
        <translation>Ort (sonstiger)</translation>
    </message>
    <message>
        <source>Profession</source>
        <translation>Beruf</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This step is not built yet in this version of the appliance. The steps before it work; this page will run it once it is built.</source>
        <translation>Dieser Schritt ist in dieser Version der Appliance noch nicht gebaut. Die Schritte davor funktionieren; diese Seite führt ihn aus, sobald er gebaut ist.</translation>
    </message>
    <message>
        <source>Nothing yet: this step is not built in this version.</source>
        <translation>Noch nichts: Dieser Schritt ist in dieser Version nicht gebaut.</translation>
    </message>
    <message>
        <source>Nothing to do here for now.</source>
        <translation>Hier ist vorerst nichts zu tun.</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>less than a minute left</source>
        <extracomment>QProgressBar counts in 32-bit ints: larger totals (bytes) are shown in steps of a thousandth</extracomment>
        <translation>weniger als eine Minute übrig</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>about %1 h %2 min left</source>
        <translation>noch etwa %1 h %2 min</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Stop the job; what it has saved so far is kept.</source>
        <translation>Den Auftrag anhalten; was er bisher gespeichert hat, bleibt erhalten.</translation>
    </message>
    <message>
        <source>Waiting for the running job to finish...</source>
        <translation>Wartet, bis der laufende Auftrag fertig ist...</translation>
    </message>
    <message>
        <source>Stopping at the next safe point...</source>
        <translation>Hält am nächsten sicheren Punkt an...</translation>
    </message>
    <message>
        <source>Working...</source>
        <translation>In Arbeit...</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Cancelled. What the job saved so far is kept; run it again to continue.</source>
        <translation>Abgebrochen. Was der Auftrag bisher gespeichert hat, bleibt erhalten; führen Sie ihn erneut aus, um fortzufahren.</translation>
    </message>
    <message>
        <source>The job stopped with an error (see the message above).</source>
        <translation>Der Auftrag wurde mit einem Fehler beendet (siehe die Meldung oben).</translation>
    </message>
</context>
<context>
    <name>ProjectPage</name>
    <message>
        <source>Project</source>
        <extracomment>a project was opened or created (its path), for the window&apos;s recent list</extracomment>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>A project is one file that holds your documents and everything the appliance makes from them. It stays on this computer. Only one window or command can change a project at a time.</source>
        <translation>Ein Projekt ist eine Datei, die Ihre Dokumente enthält und alles, was die Appliance daraus macht. Sie bleibt auf diesem Rechner. Nur ein Fenster oder Befehl kann ein Projekt zur selben Zeit ändern.</translation>
    </message>
    <message>
        <source>e.g. /data/radiology.appliance</source>
        <translation>z. B. /daten/radiologie.appliance</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>D&amp;urchsuchen...</translation>
    </message>
    <message>
        <source>&amp;Create new project</source>
        <translation>Neues Projekt &amp;anlegen</translation>
    </message>
    <message>
        <source>&amp;Open project</source>
        <translation>Projekt ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Project fi&amp;le:</source>
        <translation>Projektda&amp;tei:</translation>
    </message>
    <message>
        <source>&amp;Encrypt the new project file with a passphrase</source>
        <translation>Die neue Projektdatei mit einer Passphrase &amp;verschlüsseln</translation>
    </message>
    <message>
        <source>Every report, section and index entry in the file is encrypted, so a copy of the file is unreadable without the passphrase. It also protects the pseudonym map.</source>
        <translation>Jeder Bericht, jeder Abschnitt und jeder Indexeintrag der Datei wird verschlüsselt; eine Kopie der Datei ist ohne die Passphrase nicht lesbar. Sie schützt auch die Pseudonym-Zuordnung.</translation>
    </message>
    <message>
        <source>R&amp;ecent projects</source>
        <translation>&amp;Zuletzt geöffnete Projekte</translation>
    </message>
    <message>
        <source>Double-click or press Enter to open.</source>
        <translation>Zum Öffnen doppelklicken oder die Eingabetaste drücken.</translation>
    </message>
    <message>
        <source>The open project</source>
        <translation>Das geöffnete Projekt</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Format version</source>
        <translation>Formatversion</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Verschlüsselt</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Patienten</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>Document types</source>
        <translation>Dokumenttypen</translation>
    </message>
    <message>
        <source>Search index</source>
        <translation>Suchindex</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (fehlt)</translation>
    </message>
    <message>
        <source>Enter where the project file is, or choose it with Browse.</source>
        <translation>Geben Sie an, wo die Projektdatei liegt, oder wählen Sie sie mit „Durchsuchen“.</translation>
    </message>
    <message>
        <source>Project file</source>
        <translation>Projektdatei</translation>
    </message>
    <message>
        <source>Appliance projects (*.appliance)</source>
        <translation>Appliance-Projekte (*.appliance)</translation>
    </message>
    <message>
        <source>Creating the project %1</source>
        <translation>Das Projekt %1 wird angelegt</translation>
    </message>
    <message>
        <source>Opening the project %1</source>
        <translation>Das Projekt %1 wird geöffnet</translation>
    </message>
    <message>
        <source>The project “%1” is open.</source>
        <translation>Das Projekt „%1“ ist geöffnet.</translation>
    </message>
    <message>
        <source>yes (the whole file, with the project&apos;s passphrase)</source>
        <translation>ja (die ganze Datei, mit der Passphrase des Projekts)</translation>
    </message>
    <message>
        <source>no (File ▸ Protect with a passphrase... encrypts it)</source>
        <translation>nein (Datei ▸ Mit einer Passphrase schützen... verschlüsselt sie)</translation>
    </message>
    <message>
        <source>%1 text, model %2; %3 sections with vectors</source>
        <translation>Text: %1, Modell %2; %3 Abschnitte mit Vektoren</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keiner</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create a new project, or open one, to begin.</source>
        <translation>Legen Sie zum Beginnen ein neues Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>The project “%1” is open; it holds %2 documents.</source>
        <translation>Das Projekt „%1“ ist geöffnet; es enthält %2 Dokumente.</translation>
    </message>
    <message>
        <source>Import your reports on the Import page.</source>
        <translation>Importieren Sie Ihre Berichte auf der Seite „Importieren“.</translation>
    </message>
    <message>
        <source>Import more reports, or go on to Pseudonymize.</source>
        <translation>Importieren Sie weitere Berichte oder gehen Sie weiter zu „Pseudonymisieren“.</translation>
    </message>
</context>
<context>
    <name>PseudonymizePage</name>
    <message>
        <source>Pseudonymize</source>
        <extracomment>a new passphrase has at least this many characters</extracomment>
        <translation>Pseudonymisieren</translation>
    </message>
    <message>
        <source>Finds names, dates, addresses, phone and case numbers in every document and replaces them with invented ones, the same invented name for the same person throughout, and every date of a patient shifted by the same number of days. With a passphrase, the hospital keeps an encrypted map back to the originals; in irreversible mode no map is kept. You then review what was found, accept or reject spans, add missed ones, and apply. Every later step reads only the pseudonymized text.</source>
        <translation>Findet Namen, Daten, Adressen, Telefon- und Fallnummern in jedem Dokument und ersetzt sie durch erfundene: derselbe erfundene Name für dieselbe Person überall, und jedes Datum eines Patienten um dieselbe Zahl von Tagen verschoben. Mit einer Passphrase behält das Krankenhaus eine verschlüsselte Zuordnung zu den Originalen; im unumkehrbaren Modus wird keine Zuordnung aufbewahrt. Danach prüfen Sie, was gefunden wurde, nehmen Stellen an oder lehnen sie ab, ergänzen übersehene und wenden alles an. Jeder spätere Schritt liest nur den pseudonymisierten Text.</translation>
    </message>
    <message>
        <source>The map back to the original names</source>
        <translation>Die Zuordnung zurück zu den echten Namen</translation>
    </message>
    <message>
        <source>&amp;Irreversible: keep no map back to the originals</source>
        <translation>&amp;Unumkehrbar: keine Zuordnung zu den Originalen aufbewahren</translation>
    </message>
    <message>
        <source>&lt;b&gt;This cannot be undone.&lt;/b&gt; No map is kept: nobody, not even the hospital with a passphrase, can find out later which real name, date or number an invented one stands for. The choice holds for this project from its first run on. Choose it only when re-identification must never be possible.</source>
        <translation>&lt;b&gt;Das lässt sich nicht rückgängig machen.&lt;/b&gt; Es wird keine Zuordnung aufbewahrt: Niemand, auch nicht das Krankenhaus mit einer Passphrase, kann später herausfinden, für welchen echten Namen, welches Datum oder welche Nummer ein erfundener Wert steht. Die Wahl gilt für dieses Projekt ab dem ersten Lauf. Wählen Sie sie nur, wenn eine Re-Identifizierung nie möglich sein darf.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Confirm passphrase</source>
        <translation>Passphrase bestätigen</translation>
    </message>
    <message>
        <source>Pass&amp;phrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>C&amp;onfirm passphrase:</source>
        <translation>Passphrase &amp;bestätigen:</translation>
    </message>
    <message>
        <source>What is looked for</source>
        <translation>Wonach gesucht wird</translation>
    </message>
    <message>
        <source>&amp;Strict mode: also replace every capitalised word that is not an ordinary word</source>
        <translation>&amp;Strenger Modus: auch jedes großgeschriebene Wort ersetzen, das kein gewöhnliches Wort ist</translation>
    </message>
    <message>
        <source>Recommended when a model trained on these texts will be given to another hospital: it also catches the rare names that the rules and name lists miss. It costs exactness: on the test letters about three in ten of the words it replaced were not patient data, so search in this project finds a little less. Documents pseudonymized before keep the mode they were done in.</source>
        <translation>Empfohlen, wenn ein mit diesen Texten trainiertes Modell an ein anderes Krankenhaus gehen soll: Er findet auch die seltenen Namen, die Regeln und Namenslisten übersehen. Das kostet Genauigkeit: In den Testbriefen waren etwa drei von zehn ersetzten Wörtern keine Patientendaten, die Suche in diesem Projekt findet daher etwas weniger. Früher pseudonymisierte Dokumente behalten den Modus, in dem sie bearbeitet wurden.</translation>
    </message>
    <message>
        <source>How sure the PHI model must be before a span counts: lower finds more, with more false alarms. 0.50 is the default.</source>
        <translation>Wie sicher sich das PHI-Modell sein muss, damit eine Stelle zählt: niedriger findet mehr, mit mehr Fehlalarmen. Voreinstellung ist 0,50.</translation>
    </message>
    <message>
        <source>PHI model &amp;threshold:</source>
        <translation>&amp;Schwelle des PHI-Modells:</translation>
    </message>
    <message>
        <source>&amp;Run pseudonymization</source>
        <translation>Pseudonymisierung &amp;starten</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Look at the documents at the top first: they have the most places to check. Select a document to see its original text; select spans to accept or reject them, or select missed text and add it as a span. Apply writes the pseudonymized text again. The original text is shown only here, on this screen.</source>
        <translation>Sehen Sie sich zuerst die Dokumente oben in der Liste an: Sie haben die meisten zu prüfenden Stellen. Wählen Sie ein Dokument, um seinen Originaltext zu sehen; wählen Sie Stellen, um sie anzunehmen oder abzulehnen, oder markieren Sie übersehenen Text und fügen Sie ihn als Stelle hinzu. „Prüfung anwenden“ schreibt den pseudonymisierten Text neu. Der Originaltext wird nur hier auf diesem Bildschirm gezeigt.</translation>
    </message>
    <message>
        <source>The project file is encrypted: the passphrase you opened it with also protects the map back to the originals.</source>
        <translation>Die Projektdatei ist verschlüsselt: Die Passphrase, mit der Sie sie geöffnet haben, schützt auch die Zuordnung zu den Originalen.</translation>
    </message>
    <message>
        <source>This project keeps an encrypted map back to the originals. Enter its passphrase to pseudonymize new documents or to apply a review.</source>
        <translation>Dieses Projekt bewahrt eine verschlüsselte Zuordnung zu den Originalen auf. Geben Sie seine Passphrase ein, um neue Dokumente zu pseudonymisieren oder eine Prüfung anzuwenden.</translation>
    </message>
    <message>
        <source>This project is pseudonymized in irreversible mode: no map back to the originals is kept, and no passphrase is needed.</source>
        <translation>Dieses Projekt wird im unumkehrbaren Modus pseudonymisiert: Es wird keine Zuordnung zu den Originalen aufbewahrt, und es ist keine Passphrase nötig.</translation>
    </message>
    <message>
        <source>Choose a passphrase: it protects the encrypted map from invented names back to the real ones, so that an authorised person can re-identify a patient later. Keep it safe: without it the map cannot be opened, and it cannot be recovered.</source>
        <translation>Wählen Sie eine Passphrase: Sie schützt die verschlüsselte Zuordnung von den erfundenen zu den echten Namen, damit eine berechtigte Person einen Patienten später re-identifizieren kann. Bewahren Sie sie sicher auf: Ohne sie lässt sich die Zuordnung nicht öffnen, und sie kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Enter the project&apos;s passphrase.</source>
        <translation>Geben Sie die Passphrase des Projekts ein.</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least %1 characters.</source>
        <translation>Wählen Sie eine Passphrase mit mindestens %1 Zeichen.</translation>
    </message>
    <message>
        <source>The two passphrases are not the same. Type it again in the second field.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein. Geben Sie sie im zweiten Feld noch einmal ein.</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Ope&amp;n the Project page</source>
        <translation>Zur Projektseite &amp;wechseln</translation>
    </message>
    <message>
        <source>Pseudonymizing the documents</source>
        <translation>Die Dokumente werden pseudonymisiert</translation>
    </message>
    <message>
        <source>This is not the passphrase this project was protected with. Nothing was changed; enter it again.</source>
        <translation>Das ist nicht die Passphrase, mit der dieses Projekt geschützt wurde. Es wurde nichts verändert; geben Sie sie noch einmal ein.</translation>
    </message>
    <message>
        <source>Pseudonymized %1 documents in %2 s: %3 PHI spans found and replaced.</source>
        <translation>%1 Dokumente in %2 s pseudonymisiert: %3 Stellen mit Patientendaten gefunden und ersetzt.</translation>
    </message>
    <message>
        <source>%1 documents were done before.</source>
        <translation>%1 Dokumente waren schon vorher bearbeitet.</translation>
    </message>
    <message>
        <source>%1 more mentions of names found in other letters of the same patient were replaced too.</source>
        <translation>%1 weitere Erwähnungen von Namen, die in anderen Briefen desselben Patienten gefunden wurden, wurden ebenfalls ersetzt.</translation>
    </message>
    <message>
        <source>Now review them below, starting at the top of the list.</source>
        <translation>Prüfen Sie sie jetzt unten, beginnend oben in der Liste.</translation>
    </message>
    <message>
        <source>&amp;Next: Translate</source>
        <translation>&amp;Weiter: Übersetzen</translation>
    </message>
    <message>
        <source>Pseudonymization was stopped. The documents done so far are kept; run it again to do the rest.</source>
        <translation>Die Pseudonymisierung wurde angehalten. Die bisher bearbeiteten Dokumente bleiben erhalten; starten Sie sie erneut, um den Rest zu bearbeiten.</translation>
    </message>
    <message>
        <source>Also use the installed PHI model (%1) beside the rules and name lists</source>
        <translation>Zusätzlich zu den Regeln und Namenslisten das installierte Modell für Patientendaten (%1) verwenden</translation>
    </message>
    <message>
        <source>&amp;Run again for new documents</source>
        <translation>Für neue Dokumente erneut &amp;starten</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>No documents imported yet.</source>
        <translation>Noch keine Dokumente importiert.</translation>
    </message>
    <message>
        <source>Import documents on the Import page first.</source>
        <translation>Importieren Sie zuerst Dokumente auf der Seite „Importieren“.</translation>
    </message>
    <message>
        <source>None of the %1 documents is pseudonymized yet.</source>
        <translation>Noch keines der %1 Dokumente ist pseudonymisiert.</translation>
    </message>
    <message>
        <source>Choose a passphrase (or irreversible mode) and press Run.</source>
        <translation>Wählen Sie eine Passphrase (oder den unumkehrbaren Modus) und klicken Sie auf „Pseudonymisierung starten“.</translation>
    </message>
    <message>
        <source>%1 of %2 documents are pseudonymized (%3 PHI spans).</source>
        <translation>%1 von %2 Dokumenten sind pseudonymisiert (%3 Stellen mit Patientendaten).</translation>
    </message>
    <message>
        <source>%1 of them in strict mode.</source>
        <translation>%1 davon im strengen Modus.</translation>
    </message>
    <message>
        <source>Run it again to pseudonymize the remaining documents.</source>
        <translation>Starten Sie sie erneut, um die übrigen Dokumente zu pseudonymisieren.</translation>
    </message>
    <message>
        <source>Review the riskiest documents below and apply, then go on to Translate.</source>
        <translation>Prüfen Sie unten die riskantesten Dokumente und wenden Sie die Prüfung an; weiter geht es dann mit „Übersetzen“.</translation>
    </message>
</context>
<context>
    <name>QuestionsPage</name>
    <message>
        <source>Questions</source>
        <extracomment>questions in the sample to read</extracomment>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>Writes questions that each section answers, with an installed language model, a doc2query model, or an offline heuristic that needs no model. The questions and their sections are what the search model is trained on.</source>
        <translation>Schreibt Fragen, die jeder Abschnitt beantwortet, mit einem installierten Sprachmodell, einem doc2query-Modell oder einer Offline-Heuristik, die kein Modell braucht. Mit den Fragen und ihren Abschnitten wird das Suchmodell trainiert.</translation>
    </message>
    <message>
        <source>Who writes the questions</source>
        <translation>Wer die Fragen schreibt</translation>
    </message>
    <message>
        <source>An installed &amp;language model (LLM)</source>
        <translation>Ein installiertes &amp;Sprachmodell (LLM)</translation>
    </message>
    <message>
        <source>A local instruct model reads each section and writes the questions a doctor would ask of it: the best teacher, and the slowest (a GPU helps a lot).</source>
        <translation>Ein lokales Instruct-Modell liest jeden Abschnitt und schreibt die Fragen, die eine Ärztin oder ein Arzt dazu stellen würde: der beste Lehrer und der langsamste (eine GPU hilft sehr).</translation>
    </message>
    <message>
        <source>An installed &amp;doc2query model</source>
        <translation>Ein installiertes &amp;doc2query-Modell</translation>
    </message>
    <message>
        <source>A small model trained to guess the searches that lead to a passage: fast, and a real teacher, though its questions are shorter and plainer than an LLM&apos;s.</source>
        <translation>Ein kleines Modell, das gelernt hat, die Suchanfragen zu erraten, die zu einer Textstelle führen: schnell und ein echter Lehrer, auch wenn seine Fragen kürzer und schlichter sind als die eines LLM.</translation>
    </message>
    <message>
        <source>The offline &amp;heuristic (no model)</source>
        <translation>Die Offline-&amp;Heuristik (kein Modell)</translation>
    </message>
    <message>
        <source>Key phrases, titles and abbreviations taken from the project&apos;s own sections. It always works and is quick, but honestly: it does not make the search model better, because it teaches it only what it can already see in the words. A real teacher (an LLM or doc2query model) does.</source>
        <translation>Schlüsselbegriffe, Titel und Abkürzungen aus den eigenen Abschnitten des Projekts. Sie funktioniert immer und ist schnell, aber ehrlich gesagt: Sie macht das Suchmodell nicht besser, denn sie bringt ihm nur bei, was es schon in den Wörtern sieht. Ein echter Lehrer (ein LLM oder ein doc2query-Modell) tut das.</translation>
    </message>
    <message>
        <source>Questions &amp;per section:</source>
        <translation>Fragen &amp;pro Abschnitt:</translation>
    </message>
    <message>
        <source>Use the &amp;English translations</source>
        <translation>Die &amp;englischen Übersetzungen verwenden</translation>
    </message>
    <message>
        <source>Read the translated sections instead of the pseudonymized text in its own language.</source>
        <translation>Die übersetzten Abschnitte lesen statt des pseudonymisierten Texts in seiner eigenen Sprache.</translation>
    </message>
    <message>
        <source>&amp;Generate questions</source>
        <translation>Fragen &amp;erzeugen</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>Dokumenttyp</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Abschnitt</translation>
    </message>
    <message>
        <source>The section the question was made from</source>
        <translation>Der Abschnitt, aus dem die Frage entstand</translation>
    </message>
    <message>
        <source>Questions per document type</source>
        <translation>Fragen pro Dokumenttyp</translation>
    </message>
    <message>
        <source>A sample to read: each question beside the section it was made from</source>
        <translation>Eine Stichprobe zum Lesen: jede Frage neben dem Abschnitt, aus dem sie entstand</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Ope&amp;n the Project page</source>
        <translation>Zur Projektseite &amp;wechseln</translation>
    </message>
    <message>
        <source>Generating questions</source>
        <translation>Fragen werden erzeugt</translation>
    </message>
    <message>
        <source>%1 questions for %2 sections in %3 s (%4 sections were done before by this generator).</source>
        <translation>%1 Fragen für %2 Abschnitte in %3 s (%4 Abschnitte hatte dieser Generator schon vorher bearbeitet).</translation>
    </message>
    <message>
        <source>The filters dropped %1 candidates (copies of the text, possible names, too short).</source>
        <translation>Die Filter haben %1 Kandidaten verworfen (Kopien des Texts, mögliche Namen, zu kurz).</translation>
    </message>
    <message>
        <source>These come from the offline heuristic: fine to try the steps, but a real teacher makes a better model.</source>
        <translation>Diese stammen von der Offline-Heuristik: gut, um die Schritte auszuprobieren, aber ein echter Lehrer ergibt ein besseres Modell.</translation>
    </message>
    <message>
        <source>&amp;Next: Train</source>
        <translation>&amp;Weiter: Trainieren</translation>
    </message>
    <message>
        <source>Question generation was stopped. The questions written so far are kept; run it again to continue.</source>
        <translation>Die Erzeugung der Fragen wurde angehalten. Die bisher geschriebenen Fragen bleiben erhalten; starten Sie sie erneut, um fortzufahren.</translation>
    </message>
    <message>
        <source>Made by: %1</source>
        <translation>Erzeugt von: %1</translation>
    </message>
    <message>
        <source>(no heading)</source>
        <translation>(keine Überschrift)</translation>
    </message>
    <message>
        <source>No such model is installed (Settings ▸ Models).</source>
        <translation>Kein solches Modell ist installiert (Einstellungen ▸ Modelle).</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Reading the project...</source>
        <translation>Das Projekt wird gelesen...</translation>
    </message>
    <message>
        <source>Nothing is pseudonymized yet.</source>
        <translation>Noch ist nichts pseudonymisiert.</translation>
    </message>
    <message>
        <source>Questions are made only from pseudonymized text: pseudonymize the documents first.</source>
        <translation>Fragen entstehen nur aus pseudonymisiertem Text: Pseudonymisieren Sie zuerst die Dokumente.</translation>
    </message>
    <message>
        <source>No questions yet.</source>
        <translation>Noch keine Fragen.</translation>
    </message>
    <message>
        <source>Choose who writes them and press Generate questions.</source>
        <translation>Wählen Sie, wer sie schreibt, und klicken Sie auf „Fragen erzeugen“.</translation>
    </message>
    <message>
        <source>%1 questions so far.</source>
        <translation>Bisher %1 Fragen.</translation>
    </message>
    <message>
        <source>Read a few in the sample below, then go on to Train.</source>
        <translation>Lesen Sie einige in der Stichprobe unten; weiter geht es dann mit „Trainieren“.</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Document</source>
        <extracomment>what a job returns when the passphrase did not unlock the map the review list shows the riskiest documents first, at most this many (the rest are counted) the review list was read again (tests wait on it) a document&apos;s text and spans are on screen documents whose spans changed since their text was last written</extracomment>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <source>Risk items</source>
        <translation>Risikostellen</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Documents with the most risk items first: start at the top.</source>
        <translation>Dokumente mit den meisten Risikostellen zuerst: Beginnen Sie oben.</translation>
    </message>
    <message>
        <source>Summary per PHI type (also the colour legend)</source>
        <translation>Übersicht nach Art der Patientendaten (zugleich die Farblegende)</translation>
    </message>
    <message>
        <source>Coloured: a PHI span that is replaced (the colour says its type, see the summary). &lt;span style=&apos;text-decoration: underline; color: #d00000&apos;&gt;Wavy red underline&lt;/span&gt;: look here, a name-like word left in the text or a span found on a weak signal (hover for the reason). Struck through: rejected, stays as it is.</source>
        <translation>Farbig: eine Stelle mit Patientendaten, die ersetzt wird (die Farbe zeigt ihre Art, siehe Übersicht). &lt;span style=&apos;text-decoration: underline; color: #d00000&apos;&gt;Rot gewellt unterstrichen&lt;/span&gt;: Hier genau hinsehen, ein namensähnliches Wort blieb im Text oder eine Stelle wurde nur auf ein schwaches Signal hin gefunden (der Grund erscheint beim Darüberfahren). Durchgestrichen: abgelehnt, bleibt wie es ist.</translation>
    </message>
    <message>
        <source>Original text of the document</source>
        <translation>Originaltext des Dokuments</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>PHI type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Spans of this type in all documents</source>
        <translation>Stellen dieses Typs in allen Dokumenten</translation>
    </message>
    <message>
        <source>Spans of this type in the selected document</source>
        <translation>Stellen dieses Typs im gewählten Dokument</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>Gefunden durch</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Enter accepts the selected spans, Delete rejects them.</source>
        <translation>Eingabe nimmt die gewählten Stellen an, Entf lehnt sie ab.</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>The selected spans are PHI: they stay replaced.</source>
        <translation>Die gewählten Stellen sind Patientendaten: Sie bleiben ersetzt.</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>The selected spans are no PHI: their original text is kept.</source>
        <translation>Die gewählten Stellen sind keine Patientendaten: Ihr Originaltext bleibt stehen.</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>A&amp;rt:</translation>
    </message>
    <message>
        <source>Add &amp;span</source>
        <translation>Stelle &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Mark the text selected above as PHI of the chosen type (it was missed).</source>
        <translation>Den oben markierten Text als Patientendaten der gewählten Art kennzeichnen (er wurde übersehen).</translation>
    </message>
    <message>
        <source>App&amp;ly review</source>
        <translation>Prüfung anwen&amp;den</translation>
    </message>
    <message>
        <source>Write the pseudonymized text again for the documents changed in this review, with the accepted and added spans replaced.</source>
        <translation>Den pseudonymisierten Text der in dieser Prüfung geänderten Dokumente neu schreiben, mit den angenommenen und hinzugefügten Stellen ersetzt.</translation>
    </message>
    <message>
        <source>The %1 riskiest of %2 documents are listed; the others have fewer places to check.</source>
        <translation>Die %1 Dokumente mit dem höchsten Risiko von %2 sind aufgeführt; die übrigen haben weniger Stellen zu prüfen.</translation>
    </message>
    <message>
        <source>%1 name-like words left in the text, %2 spans found on a weak signal</source>
        <translation>%1 namensähnliche Wörter blieben im Text, %2 Stellen wurden auf ein schwaches Signal hin gefunden</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>name list</source>
        <translation>Namensliste</translation>
    </message>
    <message>
        <source>PHI model</source>
        <translation>Modell für Patientendaten</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>same name elsewhere</source>
        <translation>derselbe Name anderswo</translation>
    </message>
    <message>
        <source>found</source>
        <translation>gefunden</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>Select the missed text in the document first, then choose its type and press Add span.</source>
        <translation>Markieren Sie zuerst den übersehenen Text im Dokument, wählen Sie dann seine Art und klicken Sie auf „Stelle hinzufügen“.</translation>
    </message>
    <message>
        <source>Enter the project&apos;s passphrase above first: applying the review writes new invented names into the encrypted map.</source>
        <translation>Geben Sie zuerst oben die Passphrase des Projekts ein: Beim Anwenden der Prüfung werden neue erfundene Namen in die verschlüsselte Zuordnung geschrieben.</translation>
    </message>
    <message>
        <source>Applying the review</source>
        <translation>Die Prüfung wird angewendet</translation>
    </message>
    <message>
        <source>This is not the passphrase this project was protected with, so the review was not applied. Enter it again above.</source>
        <translation>Das ist nicht die Passphrase, mit der dieses Projekt geschützt wurde; die Prüfung wurde daher nicht angewendet. Geben Sie sie oben noch einmal ein.</translation>
    </message>
    <message>
        <source>The review is applied: the pseudonymized text of %1 document(s) was written again with the reviewed spans.</source>
        <translation>Die Prüfung ist angewendet: Der pseudonymisierte Text von %1 Dokument(en) wurde mit den geprüften Stellen neu geschrieben.</translation>
    </message>
    <message>
        <source>&amp;Next: Translate</source>
        <translation>&amp;Weiter: Übersetzen</translation>
    </message>
    <message>
        <source>Changes in %1 document(s) are saved but not applied yet: press Apply review to write their pseudonymized text again.</source>
        <translation>Änderungen in %1 Dokument(en) sind gespeichert, aber noch nicht angewendet: Klicken Sie auf „Prüfung anwenden“, um ihren pseudonymisierten Text neu zu schreiben.</translation>
    </message>
</context>
<context>
    <name>RiskReasons</name>
    <message>
        <source>Left in the text, and it is a first or last name from the name lists.</source>
        <extracomment>light background colours, one per label (in LABEL_NAMES order); unknown labels get one by hash the mark of a risk item (a name-like word left in the text, or a span found on a weak signal)</extracomment>
        <translation>Blieb im Text stehen und ist ein Vor- oder Nachname aus den Namenslisten.</translation>
    </message>
    <message>
        <source>Left in the text, right after Mr/Mrs/Dr or a role word.</source>
        <translation>Blieb im Text stehen, direkt nach Herr/Frau/Dr. oder einer Rollenbezeichnung.</translation>
    </message>
    <message>
        <source>Left in the text: a capitalised word that is no ordinary word.</source>
        <translation>Blieb im Text stehen: ein großgeschriebenes Wort, das kein gewöhnliches Wort ist.</translation>
    </message>
    <message>
        <source>Replaced, but found only on a weak signal: check the type.</source>
        <translation>Ersetzt, aber nur auf ein schwaches Signal hin gefunden: Prüfen Sie die Art.</translation>
    </message>
    <message>
        <source>Check this place.</source>
        <translation>Prüfen Sie diese Stelle.</translation>
    </message>
</context>
<context>
    <name>SearchWindow</name>
    <message>
        <source>Opening the project</source>
        <extracomment>documents listed per search the last result shown (a SearchResult) and its patient groups searches shown and searches recorded so far in this window (tests wait on them)</extracomment>
        <translation>Projekt wird geöffnet</translation>
    </message>
    <message>
        <source>Search the reports</source>
        <translation>Befunde durchsuchen</translation>
    </message>
    <message>
        <source>Search for</source>
        <translation>Suchen nach</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search &amp;for:</source>
        <translation>Suchen &amp;nach:</translation>
    </message>
    <message>
        <source>Words and meaning (recommended)</source>
        <translation>Wörter und Bedeutung (empfohlen)</translation>
    </message>
    <message>
        <source>Exact words</source>
        <translation>Genaue Wörter</translation>
    </message>
    <message>
        <source>Meaning only</source>
        <translation>Nur Bedeutung</translation>
    </message>
    <message>
        <source>&amp;How:</source>
        <translation>&amp;Wie:</translation>
    </message>
    <message>
        <source>Only reports</source>
        <translation>Nur Befunde</translation>
    </message>
    <message>
        <source>&amp;dated from</source>
        <translation>&amp;datiert vom</translation>
    </message>
    <message>
        <source>any patient</source>
        <translation>jeder Patient</translation>
    </message>
    <message>
        <source>of &amp;type</source>
        <translation>vom &amp;Typ</translation>
    </message>
    <message>
        <source>in &amp;language</source>
        <translation>in der S&amp;prache</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>of &amp;patient</source>
        <translation>des Pa&amp;tienten</translation>
    </message>
    <message>
        <source>Sa&amp;ve search...</source>
        <translation>Suche speic&amp;hern...</translation>
    </message>
    <message>
        <source>Saved sea&amp;rches</source>
        <translation>Gespeicherte Suc&amp;hen</translation>
    </message>
    <message>
        <source>&amp;Export list...</source>
        <translation>Liste &amp;exportieren...</translation>
    </message>
    <message>
        <source>Also write the matching passages into the file. Without it, the file holds only ids, types, dates, patients and scores.</source>
        <translation>Auch die passenden Stellen in die Datei schreiben. Ohne dies enthält die Datei nur Kennungen, Typen, Daten, Patienten und Werte.</translation>
    </message>
    <message>
        <source>&amp;Judged questions...</source>
        <translation>&amp;Bewertete Fragen...</translation>
    </message>
    <message>
        <source>Build a set of questions with the reports that answer them, to measure how well the search models find them</source>
        <translation>Einen Satz von Fragen mit den Befunden erstellen, die sie beantworten, um zu messen, wie gut die Suchmodelle sie finden</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Where it matches</source>
        <translation>Wo es passt</translation>
    </message>
    <message>
        <source>Patient / report</source>
        <translation>Patient / Befund</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Histor&amp;y</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>with the te&amp;xt</source>
        <translation>mit dem Te&amp;xt</translation>
    </message>
    <message>
        <source>Rep&amp;orts</source>
        <translation>Be&amp;funde</translation>
    </message>
    <message>
        <source>P&amp;atients</source>
        <translation>P&amp;atienten</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <source>Search the reports: %1</source>
        <translation>Befunde durchsuchen: %1</translation>
    </message>
    <message>
        <source>The search model could not be loaded, so searches find only the exact words (the log file has the details).</source>
        <translation>Das Suchmodell konnte nicht geladen werden; die Suche findet daher nur die genauen Wörter (Einzelheiten in der Protokolldatei).</translation>
    </message>
    <message>
        <source>Open a project to search its reports</source>
        <translation>Öffnen Sie ein Projekt, um seine Befunde zu durchsuchen</translation>
    </message>
    <message>
        <source>Loading the search model... exact-word search works already</source>
        <translation>Das Suchmodell wird geladen... die Suche nach genauen Wörtern geht schon</translation>
    </message>
    <message>
        <source>Type what you are looking for and press Enter</source>
        <translation>Geben Sie ein, was Sie suchen, und drücken Sie die Eingabetaste</translation>
    </message>
    <message>
        <source>Type what you are looking for and press Enter (exact words: no search model)</source>
        <translation>Geben Sie ein, was Sie suchen, und drücken Sie die Eingabetaste (genaue Wörter: kein Suchmodell)</translation>
    </message>
    <message>
        <source>Type what you are looking for and press Enter (exact words only)</source>
        <translation>Geben Sie ein, was Sie suchen, und drücken Sie die Eingabetaste (nur genaue Wörter)</translation>
    </message>
    <message>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Finds reports that contain your words, and reports that say the same in other words (for example a synonym or the English term); the best of both come first.</source>
        <translation>Findet Befunde, die Ihre Wörter enthalten, und Befunde, die dasselbe mit anderen Worten sagen (etwa ein Synonym oder den englischen Begriff); die besten beider kommen zuerst.</translation>
    </message>
    <message>
        <source>Finds only reports that contain your words, or words that begin with them; umlauts may be typed as ae, oe, ue.</source>
        <translation>Findet nur Befunde, die Ihre Wörter enthalten oder Wörter, die damit beginnen; Umlaute dürfen als ae, oe, ue geschrieben werden.</translation>
    </message>
    <message>
        <source>Finds reports by what they mean, even without any of your words; good for questions, less exact for names of drugs or codes.</source>
        <translation>Findet Befunde nach ihrer Bedeutung, auch ohne Ihre Wörter; gut für Fragen, weniger genau für Medikamentennamen oder Codes.</translation>
    </message>
    <message>
        <source>Type a word or a question first.</source>
        <translation>Geben Sie zuerst ein Wort oder eine Frage ein.</translation>
    </message>
    <message>
        <source>Searching...</source>
        <translation>Suche läuft...</translation>
    </message>
    <message>
        <source>1 report found in %1 ms.</source>
        <translation>1 Befund in %1 ms gefunden.</translation>
    </message>
    <message>
        <source>%1 reports found in %2 ms.</source>
        <translation>%1 Befunde in %2 ms gefunden.</translation>
    </message>
    <message>
        <source>(the best %1 are listed)</source>
        <translation>(die besten %1 sind aufgeführt)</translation>
    </message>
    <message>
        <source>Nothing found. Try fewer or other words, or remove a filter.</source>
        <translation>Nichts gefunden. Versuchen Sie weniger oder andere Wörter, oder entfernen Sie einen Filter.</translation>
    </message>
    <message>
        <source>(exact words only: the search model is still loading)</source>
        <translation>(nur genaue Wörter: das Suchmodell wird noch geladen)</translation>
    </message>
    <message>
        <source>Recording the search</source>
        <translation>Suche protokollieren</translation>
    </message>
    <message>
        <source>This search could not be recorded in the project&apos;s audit log: %1</source>
        <translation>Diese Suche konnte nicht im Prüfprotokoll des Projekts vermerkt werden: %1</translation>
    </message>
    <message>
        <source>(no patient given)</source>
        <translation>(kein Patient angegeben)</translation>
    </message>
    <message>
        <source>(none saved yet)</source>
        <translation>(noch keine gespeichert)</translation>
    </message>
    <message>
        <source>(no searches yet)</source>
        <translation>(noch keine Suchen)</translation>
    </message>
    <message>
        <source>Type the search to save first.</source>
        <translation>Geben Sie zuerst die zu speichernde Suche ein.</translation>
    </message>
    <message>
        <source>Save the search</source>
        <translation>Die Suche speichern</translation>
    </message>
    <message>
        <source>&amp;Name of the search:</source>
        <translation>&amp;Name der Suche:</translation>
    </message>
    <message>
        <source>Saved as “%1”: find it under Saved searches.</source>
        <translation>Als „%1“ gespeichert: Sie finden sie unter „Gespeicherte Suchen“.</translation>
    </message>
    <message>
        <source>Saving the search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Export the list</source>
        <translation>Die Liste exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Wrote %1 reports to %2.</source>
        <translation>%1 Befunde nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>Exporting the list</source>
        <translation>Liste exportieren</translation>
    </message>
</context>
<context>
    <name>StagePhases</name>
    <message>
        <source>Looking for files</source>
        <extracomment>phase labels of the stages (core English) that the catalogue translates, context &quot;StagePhases&quot;</extracomment>
        <translation>Dateien werden gesucht</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Import läuft</translation>
    </message>
    <message>
        <source>Loading the base model</source>
        <translation>Das Basismodell wird geladen</translation>
    </message>
    <message>
        <source>Mining hard negatives</source>
        <translation>Schwierige Gegenbeispiele werden gesucht</translation>
    </message>
    <message>
        <source>Measuring the time of a training step</source>
        <translation>Die Dauer eines Trainingsschritts wird gemessen</translation>
    </message>
    <message>
        <source>Scoring the base model on held-out questions</source>
        <translation>Das Basismodell wird an zurückgehaltenen Fragen bewertet</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Saving the tuned model</source>
        <translation>Das angepasste Modell wird gespeichert</translation>
    </message>
    <message>
        <source>Scoring the tuned model on held-out questions</source>
        <translation>Das angepasste Modell wird an zurückgehaltenen Fragen bewertet</translation>
    </message>
    <message>
        <source>Loading the embedding model</source>
        <translation>Das Embedding-Modell wird geladen</translation>
    </message>
    <message>
        <source>Embedding sections</source>
        <translation>Abschnitte werden eingebettet</translation>
    </message>
    <message>
        <source>Embedding queries</source>
        <translation>Anfragen werden eingebettet</translation>
    </message>
    <message>
        <source>Ranking queries</source>
        <translation>Anfragen werden gerankt</translation>
    </message>
    <message>
        <source>Full-text index</source>
        <translation>Volltextindex</translation>
    </message>
    <message>
        <source>Loading the PHI model</source>
        <translation>Das Modell für Patientendaten wird geladen</translation>
    </message>
    <message>
        <source>Pseudonymizing</source>
        <translation>Pseudonymisieren</translation>
    </message>
    <message>
        <source>Loading the translation model</source>
        <translation>Das Übersetzungsmodell wird geladen</translation>
    </message>
    <message>
        <source>Translating</source>
        <translation>Übersetzen</translation>
    </message>
    <message>
        <source>Loading the question model</source>
        <translation>Das Fragenmodell wird geladen</translation>
    </message>
    <message>
        <source>Generating questions</source>
        <translation>Fragen werden erzeugt</translation>
    </message>
</context>
<context>
    <name>StatusArea</name>
    <message>
        <source>&lt;b&gt;Done:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Erledigt:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Next:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Als Nächstes:&lt;/b&gt; %1</translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Train</source>
        <extracomment>&quot;loss 0.123&quot; in the core&apos;s progress message of a training step validation metrics shown (the trainer&apos;s evaluator names them cosine_*) job states from which a training can be resumed</extracomment>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Fine-tunes the search model on the generated questions, with defaults that fit this computer (a GPU when there is one, otherwise a time budget on the processor), and shows the loss and a validation score as it learns. Training can be cancelled and resumed.</source>
        <translation>Passt das Suchmodell mit den erzeugten Fragen an, mit Voreinstellungen, die zu diesem Rechner passen (eine GPU, wenn es eine gibt, sonst ein Zeitbudget auf dem Prozessor), und zeigt beim Lernen den Verlust und einen Validierungswert. Das Training kann abgebrochen und fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Looking at this computer...</source>
        <translation>Dieser Computer wird untersucht...</translation>
    </message>
    <message>
        <source>&amp;Resume training</source>
        <translation>Training &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Continue the stopped training from its last checkpoint, with the same settings.</source>
        <translation>Das angehaltene Training ab seinem letzten Zwischenstand mit denselben Einstellungen fortsetzen.</translation>
    </message>
    <message>
        <source>Learn from judged questions</source>
        <translation>Aus bewerteten Fragen lernen</translation>
    </message>
    <message>
        <source>Questions your staff judged in the search window (Search ▸ Judged questions): each relevant report becomes a training example.</source>
        <translation>Fragen, die Ihre Mitarbeitenden im Suchfenster bewertet haben (Suche ▸ Bewertete Fragen): jeder relevante Bericht wird zu einem Trainingsbeispiel.</translation>
    </message>
    <message>
        <source>&amp;Measure first by cross-validation (recommended)</source>
        <translation>Zuerst per Kreuzvalidierung &amp;messen (empfohlen)</translation>
    </message>
    <message>
        <source>Trains one model per fold and measures each only on the questions it did not learn from; this honest figure is what Evaluate and Adopt use. Then the final model learns from all questions. Takes several trainings.</source>
        <translation>Trainiert ein Modell je Teil und misst jedes nur an den Fragen, aus denen es nicht gelernt hat; diesen ehrlichen Wert verwenden Auswerten und Übernehmen. Danach lernt das endgültige Modell aus allen Fragen. Dauert mehrere Trainings.</translation>
    </message>
    <message>
        <source>Use &amp;hard negatives (reports judged not relevant)</source>
        <translation>&amp;Schwierige Gegenbeispiele verwenden (als nicht relevant bewertete Berichte)</translation>
    </message>
    <message>
        <source>The judged questions are split into this many parts; each is left out of training once.</source>
        <translation>Die bewerteten Fragen werden in so viele Teile geteilt; jeder Teil wird einmal aus dem Training herausgehalten.</translation>
    </message>
    <message>
        <source>&amp;Judged set:</source>
        <translation>&amp;Bewertete Fragen:</translation>
    </message>
    <message>
        <source>&amp;Folds:</source>
        <translation>&amp;Teile:</translation>
    </message>
    <message>
        <source>A&amp;dvanced settings</source>
        <translation>&amp;Erweiterte Einstellungen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Without a GPU: how long the training may take. The appliance times one step and chooses the number of steps that fit.</source>
        <translation>Ohne GPU: wie lange das Training dauern darf. Die Appliance misst einen Schritt und wählt die Zahl der Schritte, die hineinpasst.</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>A fixed number of training steps instead of the automatic choice.</source>
        <translation>Eine feste Zahl von Trainingsschritten statt der automatischen Wahl.</translation>
    </message>
    <message>
        <source>How many times the training goes through all question-section pairs.</source>
        <translation>Wie oft das Training alle Frage-Abschnitt-Paare durchläuft.</translation>
    </message>
    <message>
        <source>Pairs per step; larger learns better where the memory allows.</source>
        <translation>Paare pro Schritt; größer lernt besser, wo der Speicher es erlaubt.</translation>
    </message>
    <message>
        <source>0.5 keeps half of what the base model knew, which measured better than either end; 1 keeps the tuned weights only.</source>
        <translation>0,5 behält die Hälfte dessen, was das Basismodell wusste, was besser gemessen wurde als beide Enden; 1 behält nur die angepassten Gewichte.</translation>
    </message>
    <message>
        <source>The installed embedding model to start from (see Settings ▸ Models).</source>
        <translation>Das installierte Embedding-Modell, von dem aus trainiert wird (siehe Einstellungen ▸ Modelle).</translation>
    </message>
    <message>
        <source>automatic (the GPU when there is one)</source>
        <translation>automatisch (die GPU, wenn es eine gibt)</translation>
    </message>
    <message>
        <source>processor (CPU)</source>
        <translation>Prozessor (CPU)</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>&amp;Time budget (no GPU):</source>
        <translation>&amp;Zeitbudget (ohne GPU):</translation>
    </message>
    <message>
        <source>&amp;Steps:</source>
        <translation>&amp;Schritte:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>E&amp;pochen:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>&amp;Keep of the base model:</source>
        <translation>Anteil des Basismodells &amp;behalten:</translation>
    </message>
    <message>
        <source>Base &amp;model:</source>
        <translation>Basis&amp;modell:</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>Training &amp;starten</translation>
    </message>
    <message>
        <source>Training loss (lower is better)</source>
        <translation>Trainingsverlust (niedriger ist besser)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>The loss curve appears here while the model trains.</source>
        <translation>Die Verlustkurve erscheint hier, während das Modell trainiert.</translation>
    </message>
    <message>
        <source>Validation: held-out generated questions</source>
        <translation>Validierung: zurückgehaltene erzeugte Fragen</translation>
    </message>
    <message>
        <source>Questions from reports kept out of training, scored before and after (not judged by a person; the Evaluate page does that).</source>
        <translation>Fragen aus Befunden, die nicht ins Training kamen, vorher und nachher bewertet (nicht von einem Menschen beurteilt; das macht die Seite Bewerten).</translation>
    </message>
    <message>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>tuned</source>
        <translation>angepasst</translation>
    </message>
    <message>
        <source>(built in, default)</source>
        <translation>(eingebaut, Standard)</translation>
    </message>
    <message>
        <source>all-MiniLM-L6-v2 (default)</source>
        <translation>all-MiniLM-L6-v2 (Standard)</translation>
    </message>
    <message>
        <source>none: generated questions only</source>
        <translation>keine: nur erzeugte Fragen</translation>
    </message>
    <message>
        <source>%1 (%2 questions, %3 relevant reports)</source>
        <translation>%1 (%2 Fragen, %3 relevante Berichte)</translation>
    </message>
    <message>
        <source>Cross-validating, then training the search model</source>
        <translation>Kreuzvalidierung, dann Training des Suchmodells</translation>
    </message>
    <message>
        <source>Training the search model</source>
        <translation>Das Suchmodell wird trainiert</translation>
    </message>
    <message>
        <source>Resuming the training</source>
        <translation>Das Training wird fortgesetzt</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Open the &amp;Project page</source>
        <translation>Seite &amp;Projekt öffnen</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>, loss %1</source>
        <translation>, Verlust %1</translation>
    </message>
    <message>
        <source>Trained %1 steps on the %2 in %3 min. The tuned model is saved in the project; search keeps using the base model until you adopt the tuned one after measuring it.</source>
        <translation>%1 Schritte auf dem %2 in %3 min trainiert. Das angepasste Modell ist im Projekt gespeichert; die Suche verwendet weiter das Basismodell, bis Sie das angepasste nach dem Messen übernehmen.</translation>
    </message>
    <message>
        <source>&amp;Next: Evaluate</source>
        <translation>&amp;Weiter: Bewerten</translation>
    </message>
    <message>
        <source>Cross-validated over %1 folds: every one of the %2 judged questions was measured by a model that never learned from it. Meaning search (mAP@100): base %3, tuned %4 (difference %5, 95% interval %6 to %7); words and meaning: base %8, tuned %9. The final model learned from all questions; Evaluate and Adopt use these figures.</source>
        <translation>Kreuzvalidiert über %1 Teile: jede der %2 bewerteten Fragen wurde von einem Modell gemessen, das nie aus ihr gelernt hat. Suche nach Bedeutung (mAP@100): Basis %3, angepasst %4 (Differenz %5, 95-%-Intervall %6 bis %7); Wörter und Bedeutung: Basis %8, angepasst %9. Das endgültige Modell hat aus allen Fragen gelernt; Auswerten und Übernehmen verwenden diese Werte.</translation>
    </message>
    <message>
        <source>The training was stopped. Its checkpoint is saved: press Resume to continue where it stopped.</source>
        <translation>Das Training wurde angehalten. Sein Zwischenstand ist gespeichert: Drücken Sie Fortsetzen, um dort weiterzumachen, wo es aufgehört hat.</translation>
    </message>
    <message>
        <source>The training was stopped before it began; nothing was changed.</source>
        <translation>Das Training wurde angehalten, bevor es begann; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>processor</source>
        <translation>Prozessor</translation>
    </message>
    <message>
        <source>Open a project to train its search model.</source>
        <translation>Öffnen Sie ein Projekt, um sein Suchmodell zu trainieren.</translation>
    </message>
    <message>
        <source>This computer has a GPU (%1). With the defaults the training goes once through all question-section pairs (one epoch).</source>
        <translation>Dieser Computer hat eine GPU (%1). Mit den Standardeinstellungen durchläuft das Training einmal alle Frage-Abschnitt-Paare (eine Epoche).</translation>
    </message>
    <message>
        <source>This computer has no GPU that the appliance can use, so it trains on the processor (%1 cores). With the defaults the training takes about %2 minutes: the appliance times one training step and chooses how many steps fit.</source>
        <translation>Dieser Computer hat keine GPU, die die Appliance nutzen kann, daher trainiert sie auf dem Prozessor (%1 Kerne). Mit den Standardeinstellungen dauert das Training etwa %2 Minuten: Die Appliance misst einen Trainingsschritt und wählt, wie viele Schritte hineinpassen.</translation>
    </message>
    <message>
        <source>There are no questions to train on yet.</source>
        <translation>Es gibt noch keine Fragen zum Trainieren.</translation>
    </message>
    <message>
        <source>%1 question-section pairs to train on (%2 questions in all; of the offline heuristic&apos;s questions only the title-like ones are used, which measured best).</source>
        <translation>%1 Frage-Abschnitt-Paare zum Trainieren (%2 Fragen insgesamt; von den Fragen der Offline-Heuristik werden nur die titelartigen verwendet, die am besten gemessen wurden).</translation>
    </message>
    <message>
        <source>The last training was interrupted (the app was closed or the computer stopped while it ran).</source>
        <translation>Das letzte Training wurde unterbrochen (die App wurde geschlossen oder der Computer hielt an, während es lief).</translation>
    </message>
    <message>
        <source>The last training was stopped before it finished.</source>
        <translation>Das letzte Training wurde angehalten, bevor es fertig war.</translation>
    </message>
    <message>
        <source>A checkpoint after step %1 is saved; Resume continues from there with the same settings.</source>
        <translation>Ein Zwischenstand nach Schritt %1 ist gespeichert; Fortsetzen macht dort mit denselben Einstellungen weiter.</translation>
    </message>
    <message>
        <source>No checkpoint was saved yet; Resume starts it again with the same settings.</source>
        <translation>Es wurde noch kein Zwischenstand gespeichert; Fortsetzen startet es mit denselben Einstellungen neu.</translation>
    </message>
    <message>
        <source>The loss of the last training, up to its last checkpoint (step %1).</source>
        <translation>Der Verlust des letzten Trainings bis zu seinem letzten Zwischenstand (Schritt %1).</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Nothing to train on yet: at least 16 questions are needed.</source>
        <translation>Noch nichts zum Trainieren: Es werden mindestens 16 Fragen gebraucht.</translation>
    </message>
    <message>
        <source>Generate questions on the Questions page first.</source>
        <translation>Erzeugen Sie zuerst Fragen auf der Seite „Fragen“.</translation>
    </message>
    <message>
        <source>The last training did not finish.</source>
        <translation>Das letzte Training wurde nicht fertig.</translation>
    </message>
    <message>
        <source>Resume it, or start a new one.</source>
        <translation>Setzen Sie es fort oder starten Sie ein neues.</translation>
    </message>
    <message>
        <source>A tuned model was trained (%1 steps).</source>
        <translation>Ein angepasstes Modell wurde trainiert (%1 Schritte).</translation>
    </message>
    <message>
        <source>Measure it against the base model on the Evaluate page.</source>
        <translation>Messen Sie es auf der Seite Bewerten gegen das Basismodell.</translation>
    </message>
    <message>
        <source>No model was trained in this project yet.</source>
        <translation>In diesem Projekt wurde noch kein Modell trainiert.</translation>
    </message>
    <message>
        <source>Start the training; the defaults fit this computer.</source>
        <translation>Starten Sie das Training; die Standardeinstellungen passen zu diesem Computer.</translation>
    </message>
</context>
<context>
    <name>TranslatePage</name>
    <message>
        <source>Translate</source>
        <extracomment>the project setting that records that the steward skipped translation</extracomment>
        <translation>Übersetzen</translation>
    </message>
    <message>
        <source>Translates German documents into English with an installed translation model, keeping the section structure and the invented names. When no translation model is installed, the step can be skipped: the later steps then work on the German text.</source>
        <translation>Übersetzt deutsche Dokumente mit einem installierten Übersetzungsmodell ins Englische und behält dabei die Gliederung in Abschnitte und die erfundenen Namen bei. Ist kein Übersetzungsmodell installiert, kann der Schritt übersprungen werden: Die späteren Schritte arbeiten dann mit dem deutschen Text.</translation>
    </message>
    <message>
        <source>Installed translation models</source>
        <translation>Installierte Übersetzungsmodelle</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&lt;b&gt;No translation model is installed.&lt;/b&gt; The documents can stay in their language: German reports are then pseudonymized, get questions and are trained and searched in German. The base search model (all-MiniLM-L6-v2) learned from English text, so on German text it finds matching words well but meaning less well; training on the project&apos;s own questions narrows that gap. To translate, add a translation model (Settings ▸ Models) and come back to this page: the step can run at any time later.</source>
        <translation>&lt;b&gt;Es ist kein Übersetzungsmodell installiert.&lt;/b&gt; Die Dokumente können in ihrer Sprache bleiben: Deutsche Befunde werden dann auf Deutsch pseudonymisiert, mit Fragen versehen, trainiert und durchsucht. Das Basis-Suchmodell (all-MiniLM-L6-v2) hat an englischem Text gelernt; in deutschem Text findet es passende Wörter gut, die Bedeutung aber weniger gut. Das Training mit den eigenen Fragen des Projekts verkleinert diesen Abstand. Um zu übersetzen, fügen Sie ein Übersetzungsmodell hinzu (Einstellungen ▸ Modelle) und kommen Sie auf diese Seite zurück: Der Schritt kann jederzeit später laufen.</translation>
    </message>
    <message>
        <source>&amp;Skip translation</source>
        <translation>Übersetzung über&amp;springen</translation>
    </message>
    <message>
        <source>Go on to the Questions step with the text in its own language.</source>
        <translation>Mit dem Text in seiner eigenen Sprache zum Schritt „Fragen“ weitergehen.</translation>
    </message>
    <message>
        <source>&amp;Translate</source>
        <translation>Ü&amp;bersetzen</translation>
    </message>
    <message>
        <source>No project is open. Create or open one on the Project page.</source>
        <translation>Es ist kein Projekt geöffnet. Legen Sie auf der Seite „Projekt“ eines an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Ope&amp;n the Project page</source>
        <translation>Zur Projektseite &amp;wechseln</translation>
    </message>
    <message>
        <source>No translation model is installed: skip this step, or add a model first.</source>
        <translation>Es ist kein Übersetzungsmodell installiert: Überspringen Sie diesen Schritt oder fügen Sie zuerst ein Modell hinzu.</translation>
    </message>
    <message>
        <source>Translating the German sections</source>
        <translation>Die deutschen Abschnitte werden übersetzt</translation>
    </message>
    <message>
        <source>Nothing to translate: all %1 pseudonymized German sections are translated.</source>
        <translation>Nichts zu übersetzen: Alle %1 pseudonymisierten deutschen Abschnitte sind übersetzt.</translation>
    </message>
    <message>
        <source>Nothing to translate: the project has no pseudonymized German sections.</source>
        <translation>Nichts zu übersetzen: Das Projekt hat keine pseudonymisierten deutschen Abschnitte.</translation>
    </message>
    <message>
        <source>Translated %1 sections of %2 German documents in %3 s with %4 (%5); %6 were translated before.</source>
        <translation>%1 Abschnitte aus %2 deutschen Dokumenten in %3 s mit %4 (%5) übersetzt; %6 waren schon vorher übersetzt.</translation>
    </message>
    <message>
        <source>%1 sections lost an invented name or date in translation and are flagged for review.</source>
        <translation>%1 Abschnitte haben bei der Übersetzung einen erfundenen Namen oder ein Datum verloren und sind zur Prüfung markiert.</translation>
    </message>
    <message>
        <source>Every invented name and date survived the translation.</source>
        <translation>Jeder erfundene Name und jedes Datum hat die Übersetzung überstanden.</translation>
    </message>
    <message>
        <source>%1 sentences hit the length limit (the model may not suit these texts).</source>
        <translation>%1 Sätze haben die Längengrenze erreicht (das Modell passt womöglich nicht zu diesen Texten).</translation>
    </message>
    <message>
        <source>%1 German sections are not pseudonymized yet and were not translated.</source>
        <translation>%1 deutsche Abschnitte sind noch nicht pseudonymisiert und wurden nicht übersetzt.</translation>
    </message>
    <message>
        <source>&amp;Next: Questions</source>
        <translation>&amp;Weiter: Fragen</translation>
    </message>
    <message>
        <source>Translation was stopped. The sections translated so far are kept; run it again to continue.</source>
        <translation>Die Übersetzung wurde angehalten. Die bisher übersetzten Abschnitte bleiben erhalten; starten Sie sie erneut, um fortzufahren.</translation>
    </message>
    <message>
        <source>%1 installed. The first one is used unless you choose another.</source>
        <translation>Installiert: %1. Das erste wird verwendet, wenn Sie kein anderes wählen.</translation>
    </message>
    <message>
        <source>The project has no German documents: there is nothing to translate.</source>
        <translation>Das Projekt hat keine deutschen Dokumente: Es gibt nichts zu übersetzen.</translation>
    </message>
    <message>
        <source>German documents: %1, with %2 sections; %3 of them are pseudonymized and %4 translated.</source>
        <translation>Deutsche Dokumente: %1, mit %2 Abschnitten; davon sind %3 pseudonymisiert und %4 übersetzt.</translation>
    </message>
    <message>
        <source>&amp;Go on to Questions</source>
        <translation>&amp;Weiter zu den Fragen</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Es ist kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>Create or open a project on the Project page.</source>
        <translation>Legen Sie auf der Seite „Projekt“ ein Projekt an oder öffnen Sie eines.</translation>
    </message>
    <message>
        <source>Reading the project...</source>
        <translation>Das Projekt wird gelesen...</translation>
    </message>
    <message>
        <source>No German documents: nothing to translate.</source>
        <translation>Keine deutschen Dokumente: nichts zu übersetzen.</translation>
    </message>
    <message>
        <source>Go on to Questions.</source>
        <translation>Gehen Sie weiter zu „Fragen“.</translation>
    </message>
    <message>
        <source>All %1 German sections are translated.</source>
        <translation>Alle %1 deutschen Abschnitte sind übersetzt.</translation>
    </message>
    <message>
        <source>Translation was skipped: the documents stay in their language.</source>
        <translation>Die Übersetzung wurde übersprungen: Die Dokumente bleiben in ihrer Sprache.</translation>
    </message>
    <message>
        <source>Go on to Questions, or add a translation model and translate later.</source>
        <translation>Gehen Sie weiter zu „Fragen“, oder fügen Sie ein Übersetzungsmodell hinzu und übersetzen Sie später.</translation>
    </message>
    <message>
        <source>No translation model is installed.</source>
        <translation>Es ist kein Übersetzungsmodell installiert.</translation>
    </message>
    <message>
        <source>Skip translation, or add a translation model (Settings ▸ Models).</source>
        <translation>Überspringen Sie die Übersetzung, oder fügen Sie ein Übersetzungsmodell hinzu (Einstellungen ▸ Modelle).</translation>
    </message>
    <message>
        <source>Nothing is pseudonymized yet.</source>
        <translation>Noch ist nichts pseudonymisiert.</translation>
    </message>
    <message>
        <source>Pseudonymize the documents first.</source>
        <translation>Pseudonymisieren Sie zuerst die Dokumente.</translation>
    </message>
    <message>
        <source>%1 of %2 German sections are translated.</source>
        <translation>%1 von %2 deutschen Abschnitten sind übersetzt.</translation>
    </message>
    <message>
        <source>Press Translate; a stopped run continues where it stopped.</source>
        <translation>Klicken Sie auf „Übersetzen“; ein angehaltener Lauf macht dort weiter, wo er stand.</translation>
    </message>
</context>
</TS>
