<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>App</name>
    <message>
        <source>Clinical search appliance</source>
        <translation>Klinische Such-Appliance</translation>
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
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
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
        <source>No project is open. Create or open one on the Project page.</source>
        <extracomment>one or two sentences; never a traceback, never document text what to do first (a ProjectError&apos;s next_step code), or None &quot;in-use&quot;, &quot;too-new&quot;, &quot;not-a-project&quot;, &quot;no-project&quot;, &quot;project&quot; (other ProjectError) or &quot;unexpected&quot; where the details are, for an unexpected error</extracomment>
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
        <translation>Pseudonymisieren</translation>
    </message>
    <message>
        <source>Finds names, dates, addresses, phone and case numbers in every document and replaces them with invented ones, the same invented name for the same person throughout, and every date of a patient shifted by the same number of days. With a passphrase, the hospital keeps an encrypted map back to the originals; in irreversible mode no map is kept. You then review what was found, accept or reject spans, add missed ones, and apply. Every later step reads only the pseudonymized text.</source>
        <translation>Findet Namen, Daten, Adressen, Telefon- und Fallnummern in jedem Dokument und ersetzt sie durch erfundene: derselbe erfundene Name für dieselbe Person überall, und jedes Datum eines Patienten um dieselbe Zahl von Tagen verschoben. Mit einer Passphrase behält das Krankenhaus eine verschlüsselte Zuordnung zu den Originalen; im unumkehrbaren Modus wird keine Zuordnung aufbewahrt. Danach prüfen Sie, was gefunden wurde, nehmen Stellen an oder lehnen sie ab, ergänzen übersehene und wenden alles an. Jeder spätere Schritt liest nur den pseudonymisierten Text.</translation>
    </message>
</context>
<context>
    <name>QuestionsPage</name>
    <message>
        <source>Questions</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>Writes questions that each section answers, with an installed language model, a doc2query model, or an offline heuristic that needs no model. The questions and their sections are what the search model is trained on.</source>
        <translation>Schreibt Fragen, die jeder Abschnitt beantwortet, mit einem installierten Sprachmodell, einem doc2query-Modell oder einer Offline-Heuristik, die kein Modell braucht. Mit den Fragen und ihren Abschnitten wird das Suchmodell trainiert.</translation>
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
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Fine-tunes the search model on the generated questions, with defaults that fit this computer (a GPU when there is one, otherwise a time budget on the processor), and shows the loss and a validation score as it learns. Training can be cancelled and resumed.</source>
        <translation>Passt das Suchmodell mit den erzeugten Fragen an, mit Voreinstellungen, die zu diesem Rechner passen (eine GPU, wenn es eine gibt, sonst ein Zeitbudget auf dem Prozessor), und zeigt beim Lernen den Verlust und einen Validierungswert. Das Training kann abgebrochen und fortgesetzt werden.</translation>
    </message>
</context>
<context>
    <name>TranslatePage</name>
    <message>
        <source>Translate</source>
        <translation>Übersetzen</translation>
    </message>
    <message>
        <source>Translates German documents into English with an installed translation model, keeping the section structure and the invented names. When no translation model is installed, the step can be skipped: the later steps then work on the German text.</source>
        <translation>Übersetzt deutsche Dokumente mit einem installierten Übersetzungsmodell ins Englische und behält dabei die Gliederung in Abschnitte und die erfundenen Namen bei. Ist kein Übersetzungsmodell installiert, kann der Schritt übersprungen werden: Die späteren Schritte arbeiten dann mit dem deutschen Text.</translation>
    </message>
</context>
</TS>
