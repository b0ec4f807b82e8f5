// Ukrainian and Russian names and descriptions for every command, subcommand, option and choice the
// command set registers, keyed by path ("status", "status.region", "digest.subscribe.schedule",
// "ceasefire.party.choices.russia"), and `localizeCommands`, which adds them to the registered JSON
// as Discord's name_localizations / description_localizations. Discord shows each user the names in
// their client's language; the English names stay the ones handlers read.
import type { LocalizationMap, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Locale } from './locales.js';

type CommandLocale = 'uk' | 'ru';
type InLocales = Readonly<Record<CommandLocale, string>>;

interface CommandLocalization {
  name: InLocales;
  /** Every level but a choice and a context-menu command has one. */
  description?: InLocales;
}

const page: CommandLocalization = {
  name: { uk: 'сторінка', ru: 'страница' },
  description: { uk: 'Сторінка довгої відповіді', ru: 'Страница длинного ответа' },
};

const subscriptionId: CommandLocalization = {
  name: { uk: 'підписка', ru: 'подписка' },
  description: { uk: 'Підписка (див. /дайджест список)', ru: 'Подписка (см. /дайджест список)' },
};

export const commandLocalizations: Readonly<Record<string, CommandLocalization>> = {
  status: {
    name: { uk: 'ситуація', ru: 'ситуация' },
    description: {
      uk: 'Ситуація в певному місці: хто що стверджує, зі статусом і джерелом',
      ru: 'Ситуация в определённом месте: кто что утверждает, со статусом и источником',
    },
  },
  'status.region': {
    name: { uk: 'місце', ru: 'место' },
    description: {
      uk: 'Область, місто чи село, напр. Курська область, Суджа, Суми',
      ru: 'Область, город или село, напр. Курская область, Суджа, Сумы',
    },
  },
  'status.page': page,

  ceasefire: {
    name: { uk: 'припинення-вогню', ru: 'прекращение-огня' },
    description: {
      uk: 'Дипломатія щодо припинення вогню: позиція кожної сторони із зазначенням, чия вона',
      ru: 'Дипломатия прекращения огня: позиция каждой стороны с указанием, чья она',
    },
  },
  'ceasefire.party': {
    name: { uk: 'сторона', ru: 'сторона' },
    description: { uk: 'Лише позиція цієї сторони', ru: 'Только позиция этой стороны' },
  },
  'ceasefire.party.choices.united-states': { name: { uk: 'США', ru: 'США' } },
  'ceasefire.party.choices.ukraine': { name: { uk: 'Україна', ru: 'Украина' } },
  'ceasefire.party.choices.russia': { name: { uk: 'Росія', ru: 'Россия' } },
  'ceasefire.party.choices.europe': {
    name: { uk: 'Велика Британія та Європа', ru: 'Великобритания и Европа' },
  },
  'ceasefire.party.choices.observers': {
    name: { uk: 'Спостерігачі й аналітика', ru: 'Наблюдатели и аналитика' },
  },

  topic: {
    name: { uk: 'тема', ru: 'тема' },
    description: {
      uk: 'Усе, що є в базі на одну тему, напр. Північна Корея чи евакуація',
      ru: 'Всё, что есть в базе по одной теме, напр. Северная Корея или эвакуация',
    },
  },
  'topic.name': {
    name: { uk: 'назва', ru: 'название' },
    description: { uk: 'Тема', ru: 'Тема' },
  },
  'topic.page': page,

  who: {
    name: { uk: 'хто', ru: 'кто' },
    description: {
      uk: 'Що стверджує один учасник: міністерство, лідер, розвідувальні звіти, аналітики',
      ru: 'Что утверждает один участник: министерство, лидер, разведывательные отчёты, аналитики',
    },
  },
  'who.actor': {
    name: { uk: 'учасник', ru: 'участник' },
    description: {
      uk: 'Хто саме, напр. Міністерство оборони Росії чи Зеленський',
      ru: 'Кто именно, напр. Министерство обороны России или Зеленский',
    },
  },
  'who.page': page,

  timeline: {
    name: { uk: 'хронологія', ru: 'хронология' },
    description: {
      uk: 'Датовані події та заяви, від найдавніших, і звідки береться кожна дата',
      ru: 'Датированные события и заявления, от самых ранних, и откуда берётся каждая дата',
    },
  },
  'timeline.region': {
    name: { uk: 'місце', ru: 'место' },
    description: { uk: 'Лише це місце', ru: 'Только это место' },
  },
  'timeline.page': page,

  ask: {
    name: { uk: 'запитати', ru: 'спросить' },
    description: {
      uk: 'Запитайте своїми словами; sitrep відповідає із заяв, які має, із зазначенням, чиї вони',
      ru: 'Спросите своими словами; sitrep отвечает по заявлениям, которые у него есть, с указанием чьи',
    },
  },
  'ask.question': {
    name: { uk: 'питання', ru: 'вопрос' },
    description: {
      uk: 'напр. як далеко може вразити «Довгий Нептун»',
      ru: 'напр. как далеко может поразить «Длинный Нептун»',
    },
  },
  'ask.page': page,

  sources: {
    name: { uk: 'джерела', ru: 'источники' },
    description: {
      uk: 'Звідки походять факти і як позначено дати',
      ru: 'Откуда берутся факты и как помечены даты',
    },
  },
  'sources.page': page,
  'sources.region': {
    name: { uk: 'місце', ru: 'место' },
    description: { uk: 'Лише джерела заяв про це місце', ru: 'Только источники заявлений об этом месте' },
  },

  help: {
    name: { uk: 'довідка', ru: 'справка' },
    description: {
      uk: 'Що робить sitrep і як ставити йому запитання',
      ru: 'Что делает sitrep и как задавать ему вопросы',
    },
  },

  digest: {
    name: { uk: 'дайджест', ru: 'дайджест' },
    description: {
      uk: 'Дайджести ситуації для каналу за розкладом (для модераторів)',
      ru: 'Дайджесты ситуации для канала по расписанию (для модераторов)',
    },
  },
  'digest.subscribe': {
    name: { uk: 'підписати', ru: 'подписать' },
    description: {
      uk: 'Публікувати дайджест у каналі за розкладом',
      ru: 'Публиковать дайджест в канале по расписанию',
    },
  },
  'digest.subscribe.channel': {
    name: { uk: 'канал', ru: 'канал' },
    description: {
      uk: 'Куди публікувати: текстовий канал, канал оголошень, гілка чи форум',
      ru: 'Куда публиковать: текстовый канал, канал объявлений, ветка или форум',
    },
  },
  'digest.subscribe.schedule': {
    name: { uk: 'розклад', ru: 'расписание' },
    // The presets are typed as they are in English: the schedule parser reads them.
    description: {
      uk: 'Шаблон на кшталт "daily 08:00" чи "weekly mon 09:00" або cron-вираз із 5 полів',
      ru: 'Шаблон вроде "daily 08:00" или "weekly mon 09:00" либо cron-выражение из 5 полей',
    },
  },
  'digest.subscribe.timezone': {
    name: { uk: 'часовий-пояс', ru: 'часовой-пояс' },
    description: {
      uk: 'Часовий пояс IANA для розкладу, напр. Europe/Kyiv (типово: налаштування бота)',
      ru: 'Часовой пояс IANA для расписания, напр. Europe/Kyiv (по умолчанию: настройка бота)',
    },
  },
  'digest.subscribe.topics': {
    name: { uk: 'теми', ru: 'темы' },
    description: {
      uk: 'Лише ці теми, через кому (типово: усі)',
      ru: 'Только эти темы, через запятую (по умолчанию: все)',
    },
  },
  'digest.subscribe.quiet': {
    name: { uk: 'тихо', ru: 'тихо' },
    description: {
      uk: 'Нічого не публікувати, якщо нічого не змінилося (типово: ні)',
      ru: 'Ничего не публиковать, если ничего не изменилось (по умолчанию: нет)',
    },
  },
  'digest.subscribe.map': {
    name: { uk: 'мапа', ru: 'карта' },
    description: {
      uk: 'Додати мапу того, де зміни (типово: ні; потрібен дозвіл «Прикріплювати файли»)',
      ru: 'Прикрепить карту того, где изменения (по умолчанию: нет; нужно право «Прикреплять файлы»)',
    },
  },
  'digest.subscribe.ping_role': {
    name: { uk: 'роль-для-згадки', ru: 'роль-для-упоминания' },
    description: {
      uk: 'Роль, яку згадувати з кожним дайджестом (типово: нікого)',
      ru: 'Роль, которую упоминать с каждым дайджестом (по умолчанию: никого)',
    },
  },
  'digest.subscribe.publish': {
    name: { uk: 'опублікувати', ru: 'опубликовать' },
    description: {
      uk: 'Публікувати кожен дайджест на сервери, що стежать за цим каналом оголошень (типово: ні)',
      ru: 'Публиковать каждый дайджест на серверы, подписанные на этот канал объявлений (по умолчанию: нет)',
    },
  },
  'digest.subscribe.language': {
    name: { uk: 'мова', ru: 'язык' },
    description: {
      uk: 'Мова дайджестів (типово: мова сервера, інакше ваша)',
      ru: 'Язык дайджестов (по умолчанию: язык сервера, иначе ваш)',
    },
  },
  'digest.subscribe.language.choices.en': {
    name: { uk: 'English (англійська)', ru: 'English (английский)' },
  },
  'digest.subscribe.language.choices.uk': { name: { uk: 'Українська', ru: 'Українська (украинский)' } },
  'digest.subscribe.language.choices.ru': { name: { uk: 'Русский (російська)', ru: 'Русский' } },
  'digest.list': {
    name: { uk: 'список', ru: 'список' },
    description: { uk: 'Підписки на дайджести цього сервера', ru: 'Подписки на дайджесты этого сервера' },
  },
  'digest.remove': {
    name: { uk: 'видалити', ru: 'удалить' },
    description: { uk: 'Видалити підписку', ru: 'Удалить подписку' },
  },
  'digest.remove.id': subscriptionId,
  'digest.pause': {
    name: { uk: 'призупинити', ru: 'приостановить' },
    description: { uk: 'Не публікувати до відновлення', ru: 'Не публиковать до возобновления' },
  },
  'digest.pause.id': subscriptionId,
  'digest.resume': {
    name: { uk: 'відновити', ru: 'возобновить' },
    description: { uk: 'Відновити призупинену підписку', ru: 'Возобновить приостановленную подписку' },
  },
  'digest.resume.id': subscriptionId,
  'digest.preview': {
    name: { uk: 'попередній-перегляд', ru: 'предпросмотр' },
    description: {
      uk: 'Переглянути (приватно), що опублікує наступний дайджест',
      ru: 'Посмотреть (приватно), что опубликует следующий дайджест',
    },
  },
  'digest.preview.id': subscriptionId,
  'digest.test': {
    name: { uk: 'тест', ru: 'тест' },
    description: {
      uk: 'Опублікувати наступний дайджест зараз, як тест',
      ru: 'Опубликовать следующий дайджест сейчас, в качестве теста',
    },
  },
  'digest.test.id': subscriptionId,
  'digest.history': {
    name: { uk: 'історія', ru: 'история' },
    description: {
      uk: 'Останні доставки підписки, з посиланнями',
      ru: 'Последние доставки подписки, со ссылками',
    },
  },
  'digest.history.id': subscriptionId,

  watch: {
    name: { uk: 'стежити', ru: 'следить' },
    description: {
      uk: 'Особисте повідомлення, коли змінюються заяви про місце, тему чи учасника',
      ru: 'Личное сообщение, когда меняются заявления о месте, теме или участнике',
    },
  },
  'watch.add': {
    name: { uk: 'додати', ru: 'добавить' },
    description: {
      uk: 'Стежити за одним місцем, темою чи учасником (вкажіть рівно одне)',
      ru: 'Следить за одним местом, темой или участником (укажите ровно одно)',
    },
  },
  'watch.add.place': {
    name: { uk: 'місце', ru: 'место' },
    description: {
      uk: 'Місце; місця всередині нього теж відстежуються',
      ru: 'Место; места внутри него тоже отслеживаются',
    },
  },
  'watch.add.topic': {
    name: { uk: 'тема', ru: 'тема' },
    description: { uk: 'Тема, напр. Північна Корея', ru: 'Тема, напр. Северная Корея' },
  },
  'watch.add.actor': {
    name: { uk: 'учасник', ru: 'участник' },
    description: {
      uk: 'Хто робить заяви, напр. Міністерство оборони Росії',
      ru: 'Кто делает заявления, напр. Министерство обороны России',
    },
  },
  'watch.list': {
    name: { uk: 'список', ru: 'список' },
    description: {
      uk: 'За чим ви стежите і чи доходять до вас повідомлення',
      ru: 'За чем вы следите и доходят ли до вас сообщения',
    },
  },
  'watch.remove': {
    name: { uk: 'прибрати', ru: 'убрать' },
    description: {
      uk: 'Припинити стежити за одним або за всім',
      ru: 'Перестать следить за одним или за всем',
    },
  },
  'watch.remove.target': {
    name: { uk: 'що', ru: 'что' },
    description: {
      uk: 'За чим більше не стежити, або "all", щоб забути всі стеження і ваш запис',
      ru: 'За чем больше не следить, или "all", чтобы забыть все слежения и вашу запись',
    },
  },

  settings: {
    name: { uk: 'налаштування', ru: 'настройки' },
    description: {
      uk: 'Налаштування sitrep для цього сервера (для модераторів)',
      ru: 'Настройки sitrep для этого сервера (для модераторов)',
    },
  },
  'settings.language': {
    name: { uk: 'мова', ru: 'язык' },
    description: {
      uk: 'Мова публічних відповідей sitrep на цьому сервері',
      ru: 'Язык публичных ответов sitrep на этом сервере',
    },
  },
  'settings.language.language': {
    name: { uk: 'мова', ru: 'язык' },
    description: {
      uk: 'Англійська, українська, російська або мова Discord кожного читача',
      ru: 'Английский, украинский, русский или язык Discord каждого читателя',
    },
  },
  'settings.language.language.choices.en': {
    name: { uk: 'English (англійська)', ru: 'English (английский)' },
  },
  'settings.language.language.choices.uk': { name: { uk: 'Українська', ru: 'Українська (украинский)' } },
  'settings.language.language.choices.ru': { name: { uk: 'Русский (російська)', ru: 'Русский' } },
  'settings.language.language.choices.reader': {
    name: { uk: 'Мова кожного читача', ru: 'Язык каждого читателя' },
  },
  'settings.show': {
    name: { uk: 'показати', ru: 'показать' },
    description: { uk: 'Налаштування цього сервера', ru: 'Настройки этого сервера' },
  },

  // A message's Apps menu: context-menu names may have capitals and spaces, and have no description.
  'Check claims with sitrep': {
    name: { uk: 'Перевірити заяви в sitrep', ru: 'Проверить заявления в sitrep' },
  },
};

/** The parts of a command, subcommand or option that localizations touch; the rest passes through. */
interface LocalizableNode {
  name: string;
  description?: string;
  name_localizations?: LocalizationMap | null;
  description_localizations?: LocalizationMap | null;
  options?: LocalizableNode[];
  choices?: { name: string; value: string | number; name_localizations?: LocalizationMap | null }[];
}

function localizeNode<T extends LocalizableNode>(node: T, path: string): T {
  const localization = commandLocalizations[path];
  const localized: T = { ...node };
  if (localization) {
    localized.name_localizations = { ...node.name_localizations, ...localization.name };
    if (localization.description && node.description !== undefined) {
      localized.description_localizations = {
        ...node.description_localizations,
        ...localization.description,
      };
    }
  }
  if (node.options) {
    localized.options = node.options.map((option) => localizeNode(option, `${path}.${option.name}`));
  }
  if (node.choices) {
    localized.choices = node.choices.map((choice) => {
      const name = commandLocalizations[`${path}.choices.${choice.value}`]?.name;
      return name ? { ...choice, name_localizations: { ...choice.name_localizations, ...name } } : choice;
    });
  }
  return localized;
}

/**
 * The command bodies with Ukrainian and Russian localizations added at every level: pure, the input
 * is not changed. A path with no entry is left as it is, so Discord shows it in English.
 */
export function localizeCommands(
  bodies: readonly RESTPostAPIApplicationCommandsJSONBody[],
): RESTPostAPIApplicationCommandsJSONBody[] {
  // Every body has the shape LocalizableNode describes; the union of Discord's option types is too
  // wide to walk generically, so the walk goes through that shape and back.
  return bodies.map(
    (body) =>
      localizeNode(body as LocalizableNode, body.name) as unknown as RESTPostAPIApplicationCommandsJSONBody,
  );
}

/**
 * A command line as a reader of `locale` types it: "/status region:Sudzha page:2" in English,
 * "/ситуація місце:Суджа сторінка:2" in Ukrainian. `path` names the command and subcommand
 * ("digest list"); options keep their order.
 */
export function commandLine(
  locale: Locale,
  path: string,
  options: readonly (readonly [name: string, value: string | number])[] = [],
): string {
  const key = path.split(' ').join('.');
  const nameOf = (part: string, at: string) =>
    locale === 'en' ? part : (commandLocalizations[at]?.name[locale] ?? part);
  const parts = path.split(' ');
  const command = parts.map((part, index) => nameOf(part, parts.slice(0, index + 1).join('.'))).join(' ');
  const written = options.map(([name, value]) => `${nameOf(name, `${key}.${name}`)}:${value}`);
  return [`/${command}`, ...written].join(' ');
}
