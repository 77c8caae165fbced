"""PHI forms German and Austrian letters carry, written from general knowledge of such letters (not
from any annotated letter): each case names the strings that must end up covered, and the ones
that must stay (ordinary words next to the PHI)."""
import pytest

from appliance.pipeline.phi import detect_phi

# (text, must be covered, must stay uncovered)
CASES = [
    # ages: inside compounds, capitalised nouns, number words, typos, abbreviations
    ("Der 3-jährige Junge wurde vorgestellt.", ["3"], ["Junge"]),
    ("Ein 3jähriger Patient mit Fieber.", ["3"], ["Fieber"]),
    ("Die achtzigjährige Patientin lebt allein.", ["achtzig"], ["Patientin"]),
    ("Die dreiundachtzigjährige Patientin stürzte.", ["dreiundachtzig"], ["stürzte"]),
    ("Die 45-järige Patientin klagt über Schmerzen.", ["45"], ["Schmerzen"]),
    ("Die 67-Jährige stellte sich in der Ambulanz vor.", ["67"], ["Ambulanz"]),
    ("Patientin (45 J.) mit Dyspnoe.", ["45"], ["Dyspnoe"]),
    ("Eine 72 Jahre alte Patientin mit Sturz.", ["72"], ["Sturz"]),
    ("67j. Pat. mit Synkope.", ["67"], ["Synkope"]),
    ("Der 5 Monate alte Säugling trinkt schlecht.", ["5"], ["Säugling"]),
    ("Im Alter von drei Jahren erstmals Krampfanfälle.", ["drei"], ["Krampfanfälle"]),
    ("Die 91-jährige Bewohnerin des Pflegeheims.", ["91"], []),
    # partial dates and ranges
    ("Vorstellung am 12. Dez bei Verschlechterung.", ["12. Dez"], ["Verschlechterung"]),
    ("Stationär von März bis Mai 2021 behandelt.", ["Mai 2021"], ["behandelt"]),
    ("Aufenthalt vom 3.-14. August in unserer Klinik.", ["3.", "14. August"], ["Klinik"]),
    ("Reha vom 3. bis 24.08.2021.", ["3.", "24.08.2021"], []),
    ("Seit Anfang 2019 bekannte Hypertonie.", ["2019"], ["Hypertonie"]),
    ("Letzte Koloskopie im Sommer 2020 unauffällig.", ["2020"], ["Koloskopie"]),
    ("Kontrolle am 3.2. und erneut am 17.3.", ["3.2.", "17.3."], ["Kontrolle"]),
    ("Geburtstermin: 23.11.", ["23.11."], []),
    # phones, short numbers given in context
    ("Rückfragen gerne unter Tel. 2345.", ["2345"], ["Rückfragen"]),
    ("Sie erreichen uns unter der Durchwahl -4711.", ["4711"], []),
    ("Bei Fragen: Telefonnummer 0234 567890.", ["0234 567890"], []),
    ("Sekretariat: App. 234", ["234"], []),
    ("Stationstelefon 3456, Pieper 789", ["3456", "789"], []),
    ("Telefon (0 23 45) 6 78 90", ["0 23 45) 6 78 90"], []),
    ("Tel.-Nr. 0171 2345678", ["0171 2345678"], []),
    # names after role words and titles in signature blocks, German and Austrian
    ("Mit freundlichen Grüßen\n\nOA Dr. med. Jens Kowalczyk\nOberarzt", ["Jens Kowalczyk"], ["Oberarzt"]),
    ("Mit freundlichen Grüßen\n\nPriv.-Doz. Dr. med. Ilse Wranitzky\nLeitende Oberärztin", ["Ilse Wranitzky"], []),
    ("Mit kollegialen Grüßen\n\nPD Dr. Tobias Reinholz         Assistenzärztin Merve Yıldırım",
     ["Tobias Reinholz", "Merve Yıldırım"], []),
    ("Mit freundlichen Grüßen\n\nPrim. Univ.-Prof. Dr. Gerold Hainzl\nVorstand der Abteilung", ["Gerold Hainzl"], []),
    ("Stationsarzt Keller und Stationsärztin Oberreiter besprachen den Befund.", ["Keller", "Oberreiter"], ["Befund"]),
    ("Die Pflege (Sr. Roswitha, DGKP Hannes Wimmer) berichtete von Unruhe.", ["Roswitha", "Hannes Wimmer"], ["Unruhe"]),
    ("Gesehen von Turnusärztin Dr. Petra Hochleitner.", ["Petra Hochleitner"], []),
    ("Befund besprochen mit Fr. OÄ Dr. Lindqvist.", ["Lindqvist"], []),
    ("Diktiert: Dr. Aurelia Brandstetter, Fachärztin für Innere Medizin", ["Aurelia Brandstetter"], ["Innere Medizin"]),
    # hospitals, wards and practices in their full extent
    ("Verlegung in das Evangelische Krankenhaus Bethel zur Weiterbehandlung.", ["Evangelische Krankenhaus Bethel"], []),
    ("Zuweisung durch die Helios Klinik Wesermünde.", ["Helios Klinik Wesermünde"], []),
    ("Übernahme aus dem Asklepios Klinikum Harburg.", ["Asklepios Klinikum Harburg"], []),
    ("Vorbehandlung im St. Elisabethen-Krankenhaus Ravensburg.", ["St. Elisabethen-Krankenhaus Ravensburg"], []),
    ("Rehabilitation in der Rehaklinik Bad Wurzach.", ["Rehaklinik Bad Wurzach"], []),
    ("Aufnahme auf der Paul-Ehrlich-Station.", ["Paul-Ehrlich-Station"], []),
    ("Gemeinschaftspraxis Dr. Omerović und Dr. Santos, Fachärzte für Allgemeinmedizin",
     ["Omerović", "Santos"], ["Allgemeinmedizin"]),
    ("Hausarztpraxis Dr. Grünwald-Pichler", ["Grünwald-Pichler"], []),
    ("Kreiskrankenhaus Waldmünchen GmbH\nInnere Abteilung", ["Kreiskrankenhaus Waldmünchen GmbH"], ["Innere"]),
    # insurers, professions, countries
    ("Versichert bei der Techniker Krankenkasse.", ["Techniker Krankenkasse"], []),
    ("Kostenträger: AOK Niedersachsen", ["AOK Niedersachsen"], []),
    ("Kostenträger: BARMER, Versichertennummer folgt", ["BARMER"], []),
    ("Kostenübernahme durch die Österreichische Gesundheitskasse beantragt.", ["Österreichische Gesundheitskasse"], []),
    ("Sozialanamnese: Lagerarbeiter, verheiratet, zwei Kinder.", ["Lagerarbeiter"], ["verheiratet"]),
    ("Die Patientin arbeitet als Bankkauffrau.", ["Bankkauffrau"], []),
    ("Urlaub in Kroatien vor zwei Wochen, seither Diarrhoe.", ["Kroatien"], ["Diarrhoe"]),
    # person names in the contexts German letters give them (names from many origins)
    ("Familie Wrzesniewski wurde über den Befund informiert.", ["Wrzesniewski"], []),
    ("A. Kowalczyk, Oberarzt", ["A. Kowalczyk"], []),
    ("Ltd. OA Dr. Baumgartner-Lenz", ["Baumgartner-Lenz"], []),
    ("Stationsärztin: Dr. Feodora Lindqvist", ["Feodora Lindqvist"], []),
    ("Aufnahmearzt\tDr. Okonkwo", ["Okonkwo"], []),
    ("Verteiler: Dr. Hagedorn, Hausarzt", ["Hagedorn"], []),
    ("cc: Dr. Pajić", ["Pajić"], []),
    ("Mag. pharm. Irmgard Zöchling", ["Irmgard Zöchling"], []),
    ("Hofrat Prim. Dr. Ortwin Leitgeb", ["Ortwin Leitgeb"], []),
    ("Dipl.-Ing. Rupert Schwaighofer", ["Rupert Schwaighofer"], []),
    ("im Beisein von Herrn Nguyen", ["Nguyen"], []),
    ("Die Mutter, Frau Ayşe Demirtaş, berichtet", ["Ayşe Demirtaş"], []),
    ("Patient: Wojciechowski, Marek", ["Wojciechowski, Marek"], []),
    ("Pat.: Hübner Gertraud, geb. 03.04.1941", ["Hübner Gertraud"], []),
    ("Unser Patient Leopold Strzelecki wurde aufgenommen.", ["Leopold Strzelecki"], []),
    ("Betreuerin Fr. Magdalena Aigner ist informiert.", ["Magdalena Aigner"], []),
    ("Der kleine Finn wurde ambulant vorgestellt. Finn trinkt gut.", ["Finn", "Finn"], []),
    ("Rücksprache mit Kollegin Pospíšilová erfolgt.", ["Pospíšilová"], []),
    ("Konsil: Dr. Abernathy (Neurologie)", ["Abernathy"], []),
    ("Mit freundlichen Grüßen\n\nIhr\n\nKlaus-Dieter Wendehals\nFacharzt für Chirurgie", ["Klaus-Dieter Wendehals"], []),
    ("Mit freundlichen Grüßen\n\ni.A. Sabrina Ötztürk-Hell\nSekretariat", ["Sabrina Ötztürk-Hell"], []),
    ("Mit freundlichen Grüßen\n\nDr. med. Hiltrud Bockelmann      Dr. med. Arvid Thorsteinsson\nChefärztin                      Oberarzt", ["Hiltrud Bockelmann", "Arvid Thorsteinsson"], []),
    ("Sehr geehrte Frau Dr. Quandt-Ebeling,", ["Quandt-Ebeling"], []),
    ("Liebe Kollegin Raffaelli,", ["Raffaelli"], []),
    ("Überweisung durch Dr. med. Ernő Szabó, Kinderarzt", ["Ernő Szabó"], []),
    ("Der Ehemann (Herr Brankovic) ist Ansprechpartner.", ["Brankovic"], []),
    ("Ansprechpartnerin: Schwester Hildegard", ["Hildegard"], []),
    ("Unterschrift Patient: T. Żukowski", ["T. Żukowski"], []),
    # the examples of the GeMTeX annotation guideline (label definitions, not annotated letters)
    ("ARCOS-KLINIK FLENSBURG, Akademisches Lehrkrankenhaus der Otto-Waalkes-Universität, Borkum",
     ["ARCOS-KLINIK FLENSBURG", "Akademisches Lehrkrankenhaus der Otto-Waalkes-Universität", "Borkum"], []),
    ("Aufnahme auf die Paul-Langerhans-Station", ["Paul-Langerhans-Station"], []),
    ("Versicherung: AOK PLUS", ["AOK PLUS"], []),
    ("Postfach 1521", ["Postfach 1521"], []),
    ("Zimmer-Nr. 312, Station 123", ["312", "123"], []),
    ("Fistel (01-12/64)", ["01", "12/64"], ["Fistel"]),  # the dash stays: each part is shifted on its own
    ("A-1234 Wien", ["A-1234", "Wien"], []),
    # abbreviations that look like initials, adjectives that look like cues
    ("Feinmotorische Abläufe, wie z. B. Schreiben, sind erschwert.", [], ["Schreiben"]),
    ("Abdomen weich, o.B. Rektal-digital unauffällig.", [], ["Rektal-digital"]),
    ("Weitere kleiner Emboli in der Peripherie.", [], ["Emboli"]),
    ("Bekannter M. Crohn seit der Jugend.", [], ["Crohn"]),
]


@pytest.mark.parametrize("text,covered,kept", CASES, ids=[c[0][:40] for c in CASES])
def test_german_phi_forms(text, covered, kept):
    spans = detect_phi(text, "de")
    mask = bytearray(len(text))
    for s in spans:
        mask[s.start:s.end] = b"\x01" * (s.end - s.start)
    pos = 0
    for want in covered:
        i = text.index(want, pos)
        assert all(mask[i:i + len(want)]), f"not covered: {want!r} in {text!r} -> {[text[s.start:s.end] for s in spans]}"
        pos = i + len(want)
    for word in kept:
        i = text.index(word)
        assert not any(mask[i:i + len(word)]), f"wrongly covered: {word!r}"
