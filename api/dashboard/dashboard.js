// AlemAI ecosystem dashboard: signs in, reads the staff-only metrics API and draws inline SVG charts.
// No libraries and no external sources. Every plotted figure carries data-metric / data-key and either
// data-value (the API's value as sent) or data-suppressed (the disclosure rule that withheld it), so a test
// (or a curious economist) can read exactly what was drawn. Suppressed cells are drawn hatched, never as a number.
"use strict";

(() => {
  const API = "/api/v1";
  const TOKEN_KEY = "alemai.dashboard.token";
  const LANGUAGE_KEY = "alemai.dashboard.language";
  const SVG = "http://www.w3.org/2000/svg";
  const FIRST_YEAR = 2015;
  const DEFAULT_YEARS = 5;
  const LOCALES = { en: "en-GB", kk: "kk-KZ", ru: "ru-RU" };

  const TEXTS = {
    en: {
      title: "Ecosystem dashboard",
      subtitle: "AlemAI national registry of AI startups",
      language: "Language",
      sign_in_heading: "Sign in",
      sign_in_hint: "For economists, reviewers and admins of the hub.",
      email: "E-mail",
      password: "Password",
      sign_in: "Sign in",
      sign_out: "Sign out",
      signing_in: "Signing in…",
      signed_in_as: "{name} ({role})",
      role_founder: "founder",
      role_economist: "economist",
      role_reviewer: "reviewer",
      role_admin: "admin",
      filters: "Filters",
      from_year: "From year",
      to_year: "To year",
      region: "Region",
      whole_country: "Whole country",
      loading: "Loading…",
      loaded: "Figures as of {date}.",
      view: "Figures",
      view_release: "Official release {id}: fiscal year {period}",
      view_live: "Live figures (everything recorded so far)",
      release_info: "Release {id} of fiscal year {period} (revision {revision}), as the registry knew it on {date}: {status}.",
      release_provisional: "provisional — the declaration deadline had not passed",
      release_final: "final",
      release_csv: "Tidy CSV",
      release_sdmx: "SDMX-CSV",
      release_structure: "SDMX structure",
      live_info: "Live figures: they change with every declaration and correction.",
      no_release: "No official release yet: these are the live figures.",
      forbidden:
        "Your account cannot see ecosystem statistics: the dashboard is for economists, reviewers and admins.",
      session_expired: "Your session has expired. Please sign in again.",
      load_failed: "Could not load the statistics: {detail}",
      sign_in_failed: "Could not sign in: {detail}",
      network_error: "the server did not answer",
      disclosure_note:
        "Disclosure control: a figure built from fewer than 3 companies, or dominated by one or two of them, " +
        "is withheld and drawn hatched as “suppressed”, never as a number.",
      suppressed: "suppressed",
      suppressed_note: "withheld to protect confidential figures",
      data_table: "Data table",
      year: "Year",
      stock_title: "AI-native companies",
      stock_caption: "Active AI-native companies at the end of each year ({today} for {year}).",
      ai_native: "AI-native companies",
      flows_title: "Born AI-native and pivots",
      flows_caption: "Companies per year: born AI-native, pivoting to AI, pivoting away from AI.",
      born_ai_native: "Born AI-native",
      pivots_to_ai: "Pivots to AI",
      pivots_away: "Pivots away from AI",
      funnel_title: "Licensing funnel",
      funnel_caption: "Applications first submitted in fiscal year {year}, the whole country, from release {release}.",
      funnel_unreleased: "Applications are confidential: the funnel is published in official releases only, and no "
        + "fiscal year up to {year} has one yet.",
      applications_submitted: "Submitted",
      applications_decided: "Decided",
      applications_approved: "Approved",
      days_to_decision_median: "Median days to decision",
      days_to_decision_p90: "90th percentile, days",
      approval_rate: "Approval rate",
      decided_within_service_level: "Decided within 15 working days",
      days: "{value} days",
      regions_title: "Companies by region",
      active_companies_by_region: "Active companies",
      ai_native_companies_by_region: "AI-native companies",
      regions_caption:
        "Active and AI-native companies in each region on {date} (whole country; the selected region highlighted).",
      stage: "Stage",
      value: "Value",
    },
    kk: {
      title: "Экожүйе дашборды",
      subtitle: "AlemAI — ЖИ стартаптарының ұлттық тізілімі",
      language: "Тіл",
      sign_in_heading: "Кіру",
      sign_in_hint: "Хабтың экономистеріне, сарапшыларына және әкімшілеріне арналған.",
      email: "Электрондық пошта",
      password: "Құпиясөз",
      sign_in: "Кіру",
      sign_out: "Шығу",
      signing_in: "Кіру орындалуда…",
      signed_in_as: "{name} ({role})",
      role_founder: "құрылтайшы",
      role_economist: "экономист",
      role_reviewer: "сарапшы",
      role_admin: "әкімші",
      filters: "Сүзгілер",
      from_year: "Кезең басы",
      to_year: "Кезең соңы",
      region: "Өңір",
      whole_country: "Бүкіл ел",
      loading: "Жүктелуде…",
      loaded: "{date} күнгі деректер.",
      view: "Деректер",
      view_release: "Ресми шығарылым {id}: {period} қаржы жылы",
      view_live: "Ағымдағы деректер (осы уақытқа дейін тіркелгеннің бәрі)",
      release_info: "{period} қаржы жылының {id} шығарылымы ({revision} редакция), тізілім {date} күні білгендей: {status}.",
      release_provisional: "алдын ала — декларация тапсыру мерзімі өтпеген еді",
      release_final: "түпкілікті",
      release_csv: "Кесте (CSV)",
      release_sdmx: "SDMX-CSV",
      release_structure: "SDMX құрылымы",
      live_info: "Ағымдағы деректер: әр декларациямен және түзетумен өзгереді.",
      no_release: "Ресми шығарылым әлі жоқ: бұл ағымдағы деректер.",
      forbidden:
        "Сіздің тіркелгіңіз экожүйе статистикасын көре алмайды: дашборд экономистерге, сарапшыларға және " +
        "әкімшілерге арналған.",
      session_expired: "Сессия аяқталды. Қайта кіріңіз.",
      load_failed: "Статистиканы жүктеу мүмкін болмады: {detail}",
      sign_in_failed: "Кіру мүмкін болмады: {detail}",
      network_error: "сервер жауап бермеді",
      disclosure_note:
        "Құпиялылықты қорғау: 3-тен аз компаниядан құралған немесе бір-екі компания басым көрсеткіш " +
        "жарияланбайды және сан ретінде емес, штрихталған «жасырылған» белгісімен көрсетіледі.",
      suppressed: "жасырылған",
      suppressed_note: "құпия деректерді қорғау үшін жасырылған",
      data_table: "Деректер кестесі",
      year: "Жыл",
      stock_title: "AI-native компаниялар",
      stock_caption: "Әр жылдың соңындағы белсенді AI-native компаниялар ({year} жылы үшін {today}).",
      ai_native: "AI-native компаниялар",
      flows_title: "AI-native болып құрылғандар және бетбұрыстар",
      flows_caption: "Жыл сайынғы компаниялар: AI-native болып құрылған, ЖИ-ге бет бұрған, ЖИ-ден бас тартқан.",
      born_ai_native: "AI-native болып құрылған",
      pivots_to_ai: "ЖИ-ге бетбұрыс",
      pivots_away: "ЖИ-ден бас тарту",
      funnel_title: "Лицензиялау воронкасы",
      funnel_caption: "{year} қаржы жылында алғаш берілген өтінімдер, бүкіл ел бойынша, {release} шығарылымынан.",
      funnel_unreleased: "Өтінімдер құпия: воронка тек ресми шығарылымдарда жарияланады, ал {year} жылға дейінгі "
        + "қаржы жылдарының әлі шығарылымы жоқ.",
      applications_submitted: "Берілген",
      applications_decided: "Шешім қабылданған",
      applications_approved: "Мақұлданған",
      days_to_decision_median: "Шешімге дейінгі күндер медианасы",
      days_to_decision_p90: "90-процентиль, күн",
      approval_rate: "Мақұлдау үлесі",
      decided_within_service_level: "15 жұмыс күні ішінде шешілген",
      days: "{value} күн",
      regions_title: "Өңірлер бойынша компаниялар",
      active_companies_by_region: "Белсенді компаниялар",
      ai_native_companies_by_region: "AI-native компаниялар",
      regions_caption:
        "{date} күнгі әр өңірдегі белсенді және AI-native компаниялар (бүкіл ел; таңдалған өңір ерекшеленген).",
      stage: "Кезең",
      value: "Мәні",
    },
    ru: {
      title: "Панель экосистемы",
      subtitle: "AlemAI — национальный реестр ИИ-стартапов",
      language: "Язык",
      sign_in_heading: "Вход",
      sign_in_hint: "Для экономистов, рецензентов и администраторов хаба.",
      email: "Электронная почта",
      password: "Пароль",
      sign_in: "Войти",
      sign_out: "Выйти",
      signing_in: "Выполняется вход…",
      signed_in_as: "{name} ({role})",
      role_founder: "основатель",
      role_economist: "экономист",
      role_reviewer: "рецензент",
      role_admin: "администратор",
      filters: "Фильтры",
      from_year: "С года",
      to_year: "По год",
      region: "Регион",
      whole_country: "Вся страна",
      loading: "Загрузка…",
      loaded: "Данные на {date}.",
      view: "Данные",
      view_release: "Официальный выпуск {id}: {period} финансовый год",
      view_live: "Текущие данные (всё, что записано на сейчас)",
      release_info: "Выпуск {id} за {period} финансовый год (редакция {revision}), как реестр знал на {date}: {status}.",
      release_provisional: "предварительный — срок подачи деклараций ещё не прошёл",
      release_final: "окончательный",
      release_csv: "Таблица (CSV)",
      release_sdmx: "SDMX-CSV",
      release_structure: "Структура SDMX",
      live_info: "Текущие данные: они меняются с каждой декларацией и исправлением.",
      no_release: "Официального выпуска ещё нет: это текущие данные.",
      forbidden:
        "У вашей учётной записи нет доступа к статистике экосистемы: панель предназначена для экономистов, " +
        "рецензентов и администраторов.",
      session_expired: "Сеанс истёк. Войдите снова.",
      load_failed: "Не удалось загрузить статистику: {detail}",
      sign_in_failed: "Не удалось войти: {detail}",
      network_error: "сервер не ответил",
      disclosure_note:
        "Статистическая тайна: показатель, построенный менее чем по 3 компаниям или определяемый одной-двумя " +
        "из них, не публикуется и показан штриховкой как «скрыто», а не числом.",
      suppressed: "скрыто",
      suppressed_note: "скрыто для защиты конфиденциальных данных",
      data_table: "Таблица данных",
      year: "Год",
      stock_title: "AI-native компании",
      stock_caption: "Действующие AI-native компании на конец каждого года ({today} для {year}).",
      ai_native: "AI-native компании",
      flows_title: "Созданные AI-native и повороты",
      flows_caption: "Компании по годам: созданные как AI-native, повернувшие к ИИ, отказавшиеся от ИИ.",
      born_ai_native: "Созданы AI-native",
      pivots_to_ai: "Поворот к ИИ",
      pivots_away: "Отказ от ИИ",
      funnel_title: "Воронка лицензирования",
      funnel_caption: "Заявки, впервые поданные в {year} финансовом году, вся страна, из выпуска {release}.",
      funnel_unreleased: "Заявки конфиденциальны: воронка публикуется только в официальных выпусках, а за "
        + "финансовые годы до {year} выпусков ещё нет.",
      applications_submitted: "Подано",
      applications_decided: "Решено",
      applications_approved: "Одобрено",
      days_to_decision_median: "Медиана дней до решения",
      days_to_decision_p90: "90-й перцентиль, дней",
      approval_rate: "Доля одобренных",
      decided_within_service_level: "Решено за 15 рабочих дней",
      days: "{value} дн.",
      regions_title: "Компании по регионам",
      active_companies_by_region: "Действующие компании",
      ai_native_companies_by_region: "AI-native компании",
      regions_caption:
        "Действующие и AI-native компании в каждом регионе на {date} (вся страна; выбранный регион выделен).",
      stage: "Этап",
      value: "Значение",
    },
  };

  const state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    language: sessionStorage.getItem(LANGUAGE_KEY) || browserLanguage(),
    today: null,
    me: null,
    message: null,
    regions: [],
    data: null,
    generation: 0,
    release: null,
    releases: [],
    view: "live",
  };

  const $ = (selector) => document.querySelector(selector);

  function browserLanguage() {
    const preferred = (navigator.language || "en").slice(0, 2).toLowerCase();
    return preferred in TEXTS ? preferred : "en";
  }

  function t(key, values = {}) {
    const template = TEXTS[state.language][key] ?? TEXTS.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  }

  function applyTexts() {
    document.documentElement.lang = state.language;
    document.title = `AlemAI — ${t("title")}`;
    for (const element of document.querySelectorAll("[data-i18n]")) {
      element.textContent = t(element.dataset.i18n);
    }
    $("#language").value = state.language;
  }

  // --- the API -------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function api(path, params = {}, init = {}) {
    const url = new URL(API + path, window.location.origin);
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    const headers = { Accept: "application/json", "Accept-Language": state.language, ...(init.headers || {}) };
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    let response;
    try {
      response = await fetch(url, { ...init, headers });
    } catch {
      throw new ApiError(0, t("network_error"));
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, (body && (body.detail || body.title)) || response.statusText);
    }
    return body;
  }

  // --- signing in and out --------------------------------------------------------------------------------------

  // Messages are kept as a text key and its values, so that a change of language translates them too.
  function showMessage(key, values = {}) {
    state.message = key ? { key, values } : null;
    const message = $("#message");
    message.textContent = key ? t(key, values) : "";
    message.hidden = !key;
  }

  function showSignedOut(messageKey, values = {}) {
    state.token = null;
    state.data = null;
    state.generation += 1;
    sessionStorage.removeItem(TOKEN_KEY);
    $("#login").hidden = false;
    $("#dashboard").hidden = true;
    $("#sign-out").hidden = true;
    $("#signed-in-as").hidden = true;
    state.me = null;
    showMessage(messageKey, values);
  }

  async function signIn(event) {
    event.preventDefault();
    const button = $("#login-submit");
    button.disabled = true;
    showMessage(null);
    button.textContent = t("signing_in");
    try {
      const body = JSON.stringify({ email: $("#email").value.trim(), password: $("#password").value });
      state.token = null;
      const token = await api("/auth/login", {}, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json" },
      });
      state.token = token.access_token;
      sessionStorage.setItem(TOKEN_KEY, state.token);
      $("#password").value = "";
      await start();
    } catch (error) {
      showMessage("sign_in_failed", { detail: error.message });
    } finally {
      button.disabled = false;
      button.textContent = t("sign_in");
    }
  }

  async function start() {
    let me;
    try {
      me = await api("/auth/me");
    } catch (error) {
      if (error.status === 401) showSignedOut("session_expired");
      else showSignedOut("load_failed", { detail: error.message });
      return;
    }
    $("#login").hidden = true;
    $("#sign-out").hidden = false;
    state.me = me;
    showWho();
    try {
      // The server's "today" (not the browser's) decides the current year and the default period.
      const [regions, today, releases] = await Promise.all([
        api("/reference/regions"),
        api("/metrics/summary"),
        api("/statistics/releases"),
      ]);
      state.regions = regions;
      state.today = today.as_of;
      // The dashboard opens on the newest official release; the live figures are one switch away.
      state.releases = releases;
      state.release = releases.length ? releases[0] : null;
      state.view = state.release ? "release" : "live";
    } catch (error) {
      failed(error);
      return;
    }
    fillFilters();
    fillView();
    $("#dashboard").hidden = false;
    await load();
  }

  function fillView() {
    const select = $("#view");
    select.replaceChildren();
    if (state.release) {
      select.add(new Option(t("view_release", state.release), "release"));
    }
    select.add(new Option(t("view_live"), "live"));
    select.value = state.view;
    describeView();
  }

  function describeView() {
    const info = $("#view-info");
    const links = $("#release-links");
    links.replaceChildren();
    if (state.view === "release") {
      const release = state.release;
      const status = t(release.provisional ? "release_provisional" : "release_final");
      info.textContent = t("release_info", { ...release, date: release.known_at.slice(0, 10), status });
      const base = `${API}/statistics/releases/${release.id}`;
      for (const [key, href] of [
        ["release_csv", `${base}?format=csv`],
        ["release_sdmx", `${base}?format=sdmx-csv`],
        ["release_structure", `${API}/statistics/structure`],
      ]) {
        links.append(html("li", {}, [html("a", { href, text: t(key), download: "" })]));
      }
    } else {
      info.textContent = t(state.release ? "live_info" : "no_release");
    }
    const root = $("#dashboard");
    root.dataset.view = state.view;
    root.dataset.release = state.view === "release" ? String(state.release.id) : "";
  }

  function changeView() {
    state.view = $("#view").value;
    // Each view opens on its own five years: to the release's period, or to the server's today.
    for (const id of ["#from-year", "#to-year"]) $(id).value = "";
    fillFilters();
    describeView();
    load();
  }

  // The moment the figures are known at: the release's, or now for the live view.
  function knownAt() {
    return state.view === "release" ? state.release.known_at : null;
  }

  function showWho() {
    const who = $("#signed-in-as");
    const name = state.me.full_name || state.me.email;
    who.textContent = t("signed_in_as", { name, role: t(`role_${state.me.role}`) });
    who.hidden = false;
  }

  function failed(error) {
    if (error.status === 401) {
      showSignedOut("session_expired");
    } else if (error.status === 403) {
      $("#dashboard").hidden = true;
      showMessage("forbidden");
    } else {
      showMessage("load_failed", { detail: error.message });
    }
  }

  // --- filters -------------------------------------------------------------------------------------------------

  function currentYear() {
    return state.view === "release" ? state.release.period : Number(state.today.slice(0, 4));
  }

  function regionName(region) {
    return region[`name_${state.language}`] || region.name_en;
  }

  function fillFilters() {
    const last = currentYear();
    for (const id of ["#from-year", "#to-year"]) {
      const select = $(id);
      const chosen = select.value;
      select.replaceChildren();
      for (let year = last; year >= FIRST_YEAR; year -= 1) select.add(new Option(String(year), String(year)));
      select.value = chosen;
      if (!select.value) select.value = String(id === "#from-year" ? last - DEFAULT_YEARS + 1 : last);
    }
    fillRegions();
  }

  function fillRegions() {
    const select = $("#region");
    const chosen = select.value;
    select.replaceChildren(new Option(t("whole_country"), ""));
    for (const region of state.regions) select.add(new Option(regionName(region), region.kato));
    select.value = chosen;
  }

  function filters() {
    let from = Number($("#from-year").value);
    let to = Number($("#to-year").value);
    if (from > to) {
      [from, to] = [to, from];
      $("#from-year").value = String(from);
      $("#to-year").value = String(to);
    }
    return { from, to, region: $("#region").value || null };
  }

  function filtersKey({ from, to, region }) {
    return `${from}-${to}-${region || "all"}`;
  }

  // --- loading the figures -------------------------------------------------------------------------------------

  function asOf(year) {
    return state.view === "live" && year === currentYear() ? state.today : `${year}-12-31`;
  }

  function years(from, to) {
    return Array.from({ length: to - from + 1 }, (_, index) => from + index);
  }

  async function regionBreakdown(year) {
    const summary = await api("/metrics/summary", { as_of: asOf(year), group_by: "region", known_at: knownAt() });
    const metrics = ["active_companies_by_region", "ai_native_companies_by_region"];
    return { date: summary.as_of, metrics, cells: summary.cells.filter((cell) => metrics.includes(cell.metric)) };
  }

  // The funnel is confidential: it comes from the release of the newest released fiscal year up to ``to`` (known at
  // the view's moment), for the whole country; ``null`` when there is none.
  async function releasedFunnel(to) {
    const moment = knownAt();
    const released = state.releases.filter((r) => r.period <= to && (!moment || r.known_at <= moment));
    if (!released.length) return { year: to, funnel: null };
    const year = Math.max(...released.map((r) => r.period));
    const funnel = await api("/metrics/licensing", { from: `${year}-01-01`, to: `${year}-12-31`, known_at: moment });
    return { year, funnel };
  }

  async function load() {
    const selected = filters();
    const { from, to, region } = selected;
    const generation = ++state.generation;
    const root = $("#dashboard");
    root.dataset.rendered = "";
    root.setAttribute("aria-busy", "true");
    $("#status").textContent = t("loading");
    showMessage(null);
    const period = { from: `${from}-01-01`, to: `${to}-12-31`, region, known_at: knownAt() };
    const flow = (metric) => api("/metrics/timeseries", { metric, interval: "year", ...period });
    try {
      const [stocks, born, toAi, away, funnel, regions] = await Promise.all([
        Promise.all(
          years(from, to).map((year) => api("/metrics/summary", { as_of: asOf(year), region, known_at: knownAt() })),
        ),
        flow("born_ai_native"),
        flow("pivots_to_ai"),
        flow("pivots_away"),
        releasedFunnel(to),
        regionBreakdown(to),
      ]);
      if (generation !== state.generation) return;
      state.data = { selected, stocks, flows: { born_ai_native: born, pivots_to_ai: toAi, pivots_away: away }, funnel,
        regions };
      render();
      root.dataset.rendered = `${state.view}-${filtersKey(selected)}`;
    } catch (error) {
      if (generation === state.generation) {
        $("#status").textContent = "";
        failed(error);
      }
    } finally {
      if (generation === state.generation) root.removeAttribute("aria-busy");
    }
  }

  // --- drawing -------------------------------------------------------------------------------------------------

  function svg(name, attributes = {}, children = []) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined) element.setAttribute(key, String(value));
    }
    for (const child of children) element.append(child);
    return element;
  }

  function html(name, attributes = {}, children = []) {
    const element = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      if (key === "text") element.textContent = value;
      else element.setAttribute(key, String(value));
    }
    for (const child of children) element.append(child);
    return element;
  }

  function formatNumber(value, digits = 0) {
    return new Intl.NumberFormat(LOCALES[state.language], {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    }).format(Number(value));
  }

  // A cell that is neither published nor suppressed has no figure (a rate with nothing decided, say).
  function isEmpty(cell) {
    return !cell.suppressed && (cell.value === null || cell.value === undefined);
  }

  function formatCell(cell, format = (value) => formatNumber(value)) {
    if (!cell || isEmpty(cell)) return "–";
    return cell.suppressed ? t("suppressed") : format(cell.value);
  }

  function describe(cell, format) {
    if (!cell || isEmpty(cell)) return "–";
    if (cell.suppressed) return `${t("suppressed")} (${t("suppressed_note")})`;
    return format ? format(cell.value) : formatNumber(cell.value);
  }

  // Marks carry what was plotted: the API's value exactly as sent, or the rule that suppressed it.
  function markAttributes(chart, metric, key, cell) {
    const attributes = { "data-chart": chart, "data-metric": metric, "data-key": key };
    if (cell.suppressed) attributes["data-suppressed"] = "C";
    else if (isEmpty(cell)) attributes["data-empty"] = "true";
    else attributes["data-value"] = String(cell.value);
    return attributes;
  }

  // A value axis with 2 to 5 whole-number steps of 1, 2 or 5 times a power of ten.
  function valueScale(largest) {
    const top = Math.max(1, largest);
    const rough = top / 4;
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((size) => size >= rough));
    return { step, maximum: step * Math.ceil(top / step) };
  }

  function hatchPattern(id) {
    return svg("defs", {}, [
      svg("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
        svg("rect", { width: 6, height: 6, fill: "#ffffff" }),
        svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line", stroke: "#9aa4b2", "stroke-width": 2 }),
      ]),
    ]);
  }

  function chartFrame(figure, { id, title, caption, width, height }) {
    figure.replaceChildren();
    const titleId = `${id}-title`;
    const captionId = `${id}-caption`;
    figure.append(html("h3", { id: titleId, text: title }), html("p", { class: "caption", id: captionId,
      text: caption }));
    const canvas = svg("svg", {
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": `${titleId}-svg ${captionId}-svg`,
      "data-chart": id,
    }, [svg("title", { id: `${titleId}-svg` }, [title]), svg("desc", { id: `${captionId}-svg` }, [caption]),
      hatchPattern(`${id}-hatch`)]);
    figure.append(canvas);
    return canvas;
  }

  function legend(series, withSuppressed = true) {
    const items = series.map((item, index) => html("li", {}, [html("span", { class: `swatch series-${index}` }),
      item.label]));
    if (withSuppressed) items.push(html("li", {}, [html("span", { class: "swatch suppressed" }), t("suppressed")]));
    return html("ul", { class: "legend" }, items);
  }

  function dataTable(headers, rows) {
    const head = html("tr", {}, headers.map((text) => html("th", { scope: "col", text })));
    const body = rows.map(([label, ...cells]) => html("tr", {}, [
      html("th", { scope: "row", text: label }),
      ...cells.map(({ cell, format }) => html("td", { class: cell && cell.suppressed ? "suppressed" : null,
        text: formatCell(cell, format) })),
    ]));
    return html("details", {}, [html("summary", { text: t("data_table") }),
      html("table", {}, [html("thead", {}, [head]), html("tbody", {}, body)])]);
  }

  // Vertical bars: one group per category (year), one bar per series.
  function columnChart(figure, { id, title, caption, categories, series, cellAt }) {
    const width = 640;
    const height = 290;
    const margin = { top: 22, right: 12, bottom: 30, left: 44 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const canvas = chartFrame(figure, { id, title, caption, width, height });
    const published = [];
    for (const category of categories) {
      for (const item of series) {
        const cell = cellAt(category.key, item.metric);
        if (cell && !cell.suppressed && !isEmpty(cell)) published.push(Number(cell.value));
      }
    }
    const { step, maximum } = valueScale(Math.max(0, ...published));
    const y = (value) => margin.top + plotHeight - (value / maximum) * plotHeight;
    const axis = svg("g", { class: "axis" });
    for (let value = 0; value <= maximum; value += step) {
      axis.append(svg("line", { class: "gridline", x1: margin.left, x2: width - margin.right, y1: y(value),
        y2: y(value) }), svg("text", { class: "tick", x: margin.left - 6, y: y(value) + 4, "text-anchor": "end" },
      [formatNumber(value)]));
    }
    canvas.append(axis);
    const band = plotWidth / categories.length;
    const barWidth = Math.min(46, (band * 0.8) / series.length);
    categories.forEach((category, categoryIndex) => {
      const groupStart = margin.left + categoryIndex * band + (band - barWidth * series.length) / 2;
      series.forEach((item, seriesIndex) => {
        const cell = cellAt(category.key, item.metric);
        if (!cell) return;
        const x = groupStart + seriesIndex * barWidth + 1;
        const tooltip = svg("title", {}, [`${category.label} · ${item.label}: ${describe(cell)}`]);
        const attributes = markAttributes(id, item.metric, category.key, cell);
        if (isEmpty(cell)) {
          canvas.append(svg("text", { ...attributes, class: "value-label", x: x + (barWidth - 2) / 2,
            y: margin.top + plotHeight - 4, "text-anchor": "middle" }, ["–"]));
          return;
        }
        if (cell.suppressed) {
          canvas.append(svg("rect", { ...attributes, class: "bar suppressed", x, y: margin.top, width: barWidth - 2,
            height: plotHeight, fill: `url(#${id}-hatch)`, "fill-opacity": 0.7 }, [tooltip]));
          const cx = x + (barWidth - 2) / 2;
          const cy = margin.top + plotHeight / 2;
          canvas.append(svg("text", { class: "suppressed-label", x: cx, y: cy, "text-anchor": "middle",
            "dominant-baseline": "middle", transform: `rotate(-90 ${cx} ${cy})` }, [t("suppressed")]));
          return;
        }
        const top = y(Number(cell.value));
        canvas.append(svg("rect", { ...attributes, class: `bar series-${seriesIndex}`, x, y: top,
          width: barWidth - 2, height: Math.max(0, margin.top + plotHeight - top) }, [tooltip]));
        canvas.append(svg("text", { class: "value-label", x: x + (barWidth - 2) / 2, y: top - 4,
          "text-anchor": "middle" }, [formatNumber(cell.value)]));
      });
      canvas.append(svg("text", { class: "category", x: margin.left + categoryIndex * band + band / 2,
        y: height - 10, "text-anchor": "middle" }, [category.label]));
    });
    if (series.length > 1) figure.append(legend(series));
    else figure.append(legend([], true));
    figure.append(dataTable([t("year"), ...series.map((item) => item.label)], categories.map((category) => [
      category.label, ...series.map((item) => ({ cell: cellAt(category.key, item.metric) })),
    ])));
  }

  // Horizontal bars: one row per item (a region, a funnel stage), one bar per series in each row.
  function rowChart(figure, { id, title, caption, series, rows, rowHeader, labelWidth = 200, barHeight = 16 }) {
    const width = 640;
    const rowHeight = series.length * barHeight + 8;
    const margin = { top: 6, right: 56, bottom: 6, left: labelWidth };
    const height = margin.top + margin.bottom + rows.length * rowHeight;
    const plotWidth = width - margin.left - margin.right;
    const canvas = chartFrame(figure, { id, title, caption, width, height });
    const published = rows.flatMap((row) => row.bars)
      .filter((bar) => bar.cell && !bar.cell.suppressed && !isEmpty(bar.cell))
      .map((bar) => Number(bar.cell.value));
    const { maximum } = valueScale(Math.max(0, ...published));
    rows.forEach((row, rowIndex) => {
      const rowTop = margin.top + rowIndex * rowHeight;
      if (row.selected) {
        canvas.append(svg("rect", { class: "row-highlight", "data-selected-row": row.key, x: 0, y: rowTop,
          width, height: rowHeight }));
      }
      canvas.append(svg("text", { class: row.selected ? "category selected" : "category", x: margin.left - 8,
        y: rowTop + rowHeight / 2, "text-anchor": "end", "dominant-baseline": "middle" }, [row.label]));
      row.bars.forEach((bar, barIndex) => {
        if (!bar.cell) return;
        const top = rowTop + 4 + barIndex * barHeight;
        const middle = top + barHeight / 2;
        const name = series.length > 1 ? `${row.label} · ${series[barIndex].label}` : row.label;
        const tooltip = svg("title", {}, [`${name}: ${describe(bar.cell)}`]);
        const attributes = markAttributes(id, bar.metric, row.key, bar.cell);
        if (isEmpty(bar.cell)) {
          canvas.append(svg("text", { ...attributes, class: "value-label", x: margin.left + 5, y: middle,
            "dominant-baseline": "middle" }, ["–"]));
          return;
        }
        if (bar.cell.suppressed) {
          // A small hatched box and the word, not a bar: a suppressed figure has no length to show.
          const side = barHeight - 2;
          canvas.append(svg("rect", { ...attributes, class: "bar suppressed", x: margin.left, y: top + 1,
            width: side, height: side, fill: `url(#${id}-hatch)` }, [tooltip]));
          canvas.append(svg("text", { class: "suppressed-label", x: margin.left + side + 6, y: middle,
            "dominant-baseline": "middle" }, [t("suppressed")]));
          return;
        }
        const length = (Number(bar.cell.value) / maximum) * plotWidth;
        canvas.append(svg("rect", { ...attributes, class: `bar series-${barIndex}`, x: margin.left, y: top + 1,
          width: Math.max(0, length), height: barHeight - 2 }, [tooltip]));
        canvas.append(svg("text", { class: "value-label", x: margin.left + length + 5, y: middle,
          "dominant-baseline": "middle" }, [formatNumber(bar.cell.value)]));
      });
    });
    figure.append(legend(series.length > 1 ? series : [], true));
    figure.append(dataTable([rowHeader, ...series.map((item) => item.label)], rows.map((row) => [
      row.label, ...row.bars.map((bar) => ({ cell: bar.cell })),
    ])));
  }

  function cellOf(cells, metric, group = null) {
    return cells.find((cell) => cell.metric === metric && cell.group === group);
  }

  function drawStock({ selected, stocks }) {
    const categories = years(selected.from, selected.to).map((year) => ({ key: String(year), label: String(year) }));
    const byYear = new Map(stocks.map((summary, index) => [categories[index].key, summary]));
    columnChart($("#chart-stock"), {
      id: "stock",
      title: t("stock_title"),
      caption: t("stock_caption", { today: state.today, year: currentYear() }),
      categories,
      series: [{ metric: "companies_by_ai_class", label: t("ai_native") }],
      cellAt: (year, metric) => cellOf(byYear.get(year).cells, metric, "ai_native"),
    });
  }

  function drawFlows({ selected, flows }) {
    const categories = years(selected.from, selected.to).map((year) => ({ key: String(year), label: String(year) }));
    const series = ["born_ai_native", "pivots_to_ai", "pivots_away"].map((metric) => ({ metric, label: t(metric) }));
    columnChart($("#chart-flows"), {
      id: "flows",
      title: t("flows_title"),
      caption: t("flows_caption"),
      categories,
      series,
      cellAt: (year, metric) => flows[metric].points.find((point) => point.period === year && point.group === null),
    });
  }

  function drawFunnel({ funnel: released }) {
    const figure = $("#chart-funnel");
    const { year, funnel } = released;
    if (!funnel) {
      figure.replaceChildren(html("h3", { text: t("funnel_title") }),
        html("p", { class: "caption", id: "funnel-unreleased", text: t("funnel_unreleased", { year }) }));
      return;
    }
    const stages = ["applications_submitted", "applications_decided", "applications_approved"];
    rowChart(figure, {
      id: "funnel",
      title: t("funnel_title"),
      caption: t("funnel_caption", { year, release: funnel.releases.join(", ") }),
      labelWidth: 150,
      barHeight: 28,
      rowHeader: t("stage"),
      series: [{ label: t("value") }],
      rows: stages.map((metric) => ({
        key: "all",
        label: t(metric),
        bars: [{ metric, cell: cellOf(funnel.cells, metric) }],
      })),
    });
    const days = (value) => t("days", { value: formatNumber(value, 1) });
    const share = (value) => `${formatNumber(Number(value) * 100, 1)} %`;
    const kpis = [
      ["days_to_decision_median", days],
      ["days_to_decision_p90", days],
      ["approval_rate", share],
      ["decided_within_service_level", share],
    ].map(([metric, format]) => {
      const cell = cellOf(funnel.cells, metric);
      const value = html("dd", { ...(cell ? markAttributes("funnel", metric, "all", cell) : {}),
        class: cell && cell.suppressed ? "suppressed" : null, title: describe(cell, format),
        text: formatCell(cell, format) });
      return html("div", { class: "kpi" }, [html("dt", { text: t(metric) }), value]);
    });
    figure.querySelector("details").before(html("dl", { class: "kpis" }, kpis));
  }

  function drawRegions({ selected, regions }) {
    const names = new Map(state.regions.map((region) => [region.kato, regionName(region)]));
    const series = regions.metrics.map((metric) => ({ metric, label: t(metric) }));
    const groups = [...new Set(regions.cells.map((cell) => cell.group))];
    rowChart($("#chart-regions"), {
      id: "regions",
      title: t("regions_title"),
      caption: t("regions_caption", { date: regions.date }),
      rowHeader: t("region"),
      series,
      barHeight: series.length > 1 ? 12 : 15,
      rows: groups.map((group) => ({
        key: group,
        label: names.get(group) || group,
        selected: group === selected.region,
        bars: regions.metrics.map((metric) => ({ metric, cell: cellOf(regions.cells, metric, group) })),
      })),
    });
  }

  function render() {
    const data = state.data;
    if (!data) return;
    drawStock(data);
    drawFlows(data);
    drawFunnel(data);
    drawRegions(data);
    $("#status").textContent = t("loaded", { date: state.today });
  }

  // --- wiring --------------------------------------------------------------------------------------------------

  function changeLanguage() {
    state.language = $("#language").value;
    sessionStorage.setItem(LANGUAGE_KEY, state.language);
    applyTexts();
    if (state.me) showWho();
    if (state.message) showMessage(state.message.key, state.message.values);
    if (state.regions.length) fillRegions();
    if (state.today) fillView();
    if (state.data) render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyTexts();
    $("#login-form").addEventListener("submit", signIn);
    $("#sign-out").addEventListener("click", () => showSignedOut(null));
    $("#language").addEventListener("change", changeLanguage);
    $("#view").addEventListener("change", changeView);
    for (const id of ["#from-year", "#to-year", "#region"]) $(id).addEventListener("change", () => load());
    $("#filters").addEventListener("submit", (event) => event.preventDefault());
    if (state.token) start();
  });
})();
