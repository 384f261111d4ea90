package ingest

import "github.com/podsync/podsync/matching"

// googleLang is the titles Google Forms gives its own columns when the
// form's owner uses one language: the response's time, and the collected
// email as the linked sheet titles it and as a downloaded CSV does.
type googleLang struct {
	Lang      string   // BCP 47 tag of the form owner's language
	Timestamp []string // the time Google received the response
	Email     []string // collected email, in the linked sheet
	Username  []string // collected email, in a downloaded CSV
}

// googleTitles is every title of Google's own that podsync recognises, one
// row per language, English first. Only titles seen in real exports are
// here; a language with no row is one whose titles were not found, and a
// missing Email or Username means the same for that title. Where each was
// seen (public repositories and their files):
//
//	en  Timestamp, Email Address / Email address, Username: SPEC "How Google
//	    writes responses".
//	es  Marca temporal: caidevOficial/Python_RepoClonerCopyDetector
//	    README.md, a downloaded CSV (`"Marca temporal","Nombre/s",…` over
//	    `"2022/02/13 10:26:52 p. m. GMT-3"`); linked-sheet CSVs in tests
//	    of several importers (`Marca temporal,Dirección de correo
//	    electrónico,Puntuación` over `"8/10/2026 10:15:00"`).
//	    Dirección de correo electrónico: the same linked-sheet CSVs, and a
//	    Salesforce mapping of a form's sheet (`"Marca temporal",
//	    "Dirección de correo electrónico"`). Username: not found.
//	fr  Horodateur: a downloaded CSV in a parser's tests (`"Horodateur",
//	    "Note",…` over `"2026/07/29 9:00:00 AM UTC+3"`); linked-sheet CSVs
//	    in an importer's tests and a course's README (`Horodateur,Adresse
//	    e-mail,…` over `"01/10/2026 18:12:05"`). Adresse e-mail: the same
//	    files. Username: not found.
//	pt  Carimbo de data/hora: a downloaded CSV in a parser's tests
//	    (`"Carimbo de data/hora","Nome de usuário",…` over `"2021/04/14
//	    9:57:33 AM GMT-3"`, Brazil); linked-sheet CSVs of Brazilian
//	    importers (`Carimbo de data/hora,Endereço de e-mail,…` over
//	    `13/06/2024 17:08:15`); a Portuguese school's sheet script
//	    (`"Carimbo de data/hora","Endereço de Email"`, Portugal).
//	    Indicação de data e hora: older forms' downloads read by several
//	    Brazilian projects (`if "Indicação de data e hora" in
//	    raw_data.columns`, "csv baixado com os dados do form"). Endereço de
//	    e-mail (Brazil) and Endereço de email (Portugal): the same files.
//	    Nome de usuário: the downloaded CSV above.
//	de  Zeitstempel: FoodCoopX/wirgarten-tapir, the header of its legacy
//	    import (`VertragNr,Zeitstempel,E-Mail-Adresse,…`); a members
//	    import's tests (`Zeitstempel,E-Mail-Adresse,Vorname,…` over
//	    `07.02.2025 00:13:31`); a team-maker's download read to JSON
//	    (`"Zeitstempel": "2023/04/04 11:54:34 AM OEZ"`). E-Mail-Adresse:
//	    the same files. Username: not found.
//	zh-Hans  时间戳记: a round importer's test "parses google forms …"
//	    (header 时间戳记 over the xlsx number 46131.74); a Google Form
//	    attendance sheet's README. Email and Username: not found.
//	zh-Hant  時間戳記, 電子郵件地址, 使用者名稱:
//	    az88111200-dotcom/-RegistrationSystem
//	    scripts/import-google-form.mjs, which imports a form's CSV
//	    ("Google 表單的時間戳記（例：2026/07/23 11:51:40 上午 GMT）");
//	    sheet rows in an account tool's tests (`"時間戳記": "2026/3/25 下午
//	    1:00:05"`, `"使用者名稱"`); sheet readers expecting `"時間戳記",
//	    "電子郵件地址", …`.
//	bn  টাইমস্ট্যাম্প: weak evidence: only as the first column of Bengali
//	    response sheets that scripts build to look like a form's. Email and
//	    Username: not found.
//	it  Informazioni cronologiche, Indirizzo email: a timetable tool's
//	    README (`Informazioni cronologiche,Indirizzo email,Cognome,…` over
//	    `"08/07/2026 13.49.22"`) and a sports club importer's tests.
//	ru  Отметка времени, Адрес электронной почты: a bot's tests with
//	    `FORM_HEADER = ["Отметка времени", "Адрес электронной почты", …]`
//	    "снят с живой формы" (copied from the live form); an xlsx fixture
//	    whose tab is "Ответы на форму (1)" (`02.01.2024 12:30:00`); a
//	    downloaded CSV in a README (`"Отметка времени",…` over
//	    `"12/15/2025 10:18:29 GMT+7"`).
//	ar  الطابع الزمني: a form-submit handler (`e.values; // [الطابع الزمني,
//	    …]`). Email and Username: not found.
//	vi  Dấu thời gian, Địa chỉ email: a revenue importer's tests (`["Dấu
//	    thời gian", …, "Địa chỉ email"]` over `"29/08/2026 09:40"`).
//	ko  타임스탬프, 이메일 주소: a sheet row (`"타임스탬프": "2025. 12. 10 오후
//	    8:32:38"`); enrolment importers' headers (`"타임스탬프", "이메일 주소",
//	    …`).
//	ja  タイムスタンプ, メールアドレス: form sheets' headers (`["タイムスタンプ",
//	    "メールアドレス",…]` over `"2024/10/06 19:51:06"`).
//	ht  (Haitian Creole): nothing found.
var googleTitles = []googleLang{
	{Lang: "en", Timestamp: []string{"Timestamp"}, Email: []string{"Email Address", "Email address"}, Username: []string{"Username"}},
	{Lang: "es", Timestamp: []string{"Marca temporal"}, Email: []string{"Dirección de correo electrónico"}},
	{Lang: "fr", Timestamp: []string{"Horodateur"}, Email: []string{"Adresse e-mail"}},
	{Lang: "pt", Timestamp: []string{"Carimbo de data/hora", "Indicação de data e hora"}, Email: []string{"Endereço de e-mail", "Endereço de email"}, Username: []string{"Nome de usuário"}},
	{Lang: "de", Timestamp: []string{"Zeitstempel"}, Email: []string{"E-Mail-Adresse"}},
	{Lang: "zh-Hans", Timestamp: []string{"时间戳记"}},
	{Lang: "zh-Hant", Timestamp: []string{"時間戳記"}, Email: []string{"電子郵件地址"}, Username: []string{"使用者名稱"}},
	{Lang: "bn", Timestamp: []string{"টাইমস্ট্যাম্প"}},
	{Lang: "it", Timestamp: []string{"Informazioni cronologiche"}, Email: []string{"Indirizzo email"}},
	{Lang: "ru", Timestamp: []string{"Отметка времени"}, Email: []string{"Адрес электронной почты"}},
	{Lang: "ar", Timestamp: []string{"الطابع الزمني"}},
	{Lang: "vi", Timestamp: []string{"Dấu thời gian"}, Email: []string{"Địa chỉ email"}},
	{Lang: "ko", Timestamp: []string{"타임스탬프"}, Email: []string{"이메일 주소"}},
	{Lang: "ja", Timestamp: []string{"タイムスタンプ"}, Email: []string{"メールアドレス"}},
}

// timestampTitles holds every timestamp title, folded.
var timestampTitles = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range googleTitles {
		for _, t := range l.Timestamp {
			m[matching.Fold(t)] = true
		}
	}
	return m
}()

// isTimestampTitle says whether a column title is Google's timestamp, in
// any language, with case and white space folded.
func isTimestampTitle(title string) bool { return timestampTitles[matching.Fold(title)] }

// googleEmailTitles lists Google's titles for the collected email, the
// linked sheet's and the downloaded CSV's, English first, except skip (the
// question's own title).
func googleEmailTitles(skip string) []string {
	var out []string
	for _, l := range googleTitles {
		for _, t := range append(append([]string(nil), l.Email...), l.Username...) {
			if t != skip {
				out = append(out, t)
			}
		}
	}
	return out
}
