//! Interface language: Russian (the manual's words) by default, English on request.
//! The Russian phrase is the key; English is looked up from it.

use dioxus::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Ru }
    }
}

/// The language chosen in this tab, provided at the app root.
pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// Translate a Russian UI phrase into the current language.
pub fn tr(lang: Lang, ru: &'static str) -> &'static str {
    if lang == Lang::Ru {
        return ru;
    }
    match ru {
        "Чаты" => "Chats",
        "Комнаты" => "Rooms",
        "Списки" => "Lists",
        "Новые" => "New",
        "Мои" => "Mine",
        "Все" => "All",
        "Удаленные" => "Deleted",
        "Вход" => "Sign in",
        "Войти" => "Sign in",
        "Выйти" => "Sign out",
        "Электронная почта" => "E-mail",
        "Пароль" => "Password",
        "Отправить" => "Send",
        "Напишите сообщение…" => "Write a message…",
        "Выберите чат" => "Choose a chat",
        "Чатов нет" => "No chats",
        "Ответственный" => "Responsible",
        "Нет ответственного" => "No responsible person",
        "Новый чат" => "New chat",
        "Соединение потеряно, переподключаемся…" => "Connection lost, reconnecting…",
        "Сессия истекла, войдите снова" => "Session expired, please sign in again",
        "Не отправлено. Повторить" => "Not sent. Retry",
        "Отправка…" => "Sending…",
        "Загрузка…" => "Loading…",
        "Представьтесь, пожалуйста" => "Please introduce yourself",
        "Ваше имя" => "Your name",
        "Начать чат" => "Start chat",
        "Здравствуйте! Чем мы можем помочь?" => "Hello! How can we help?",
        "Назад" => "Back",
        "Виджет" => "Widget",
        "Почта" => "E-mail",
        "Мессенджер" => "Messenger",
        "Сотрудники" => "Staff",
        "Непрочитанные / всего" => "Unread / total",
        "Неверная почта или пароль" => "Wrong e-mail or password",
        "Комната не найдена" => "Room not found",
        "Настройки" => "Settings",
        "Группы и права" => "Groups and rights",
        "Права" => "Rights",
        "Название" => "Name",
        "Тип" => "Type",
        "Макс. ожидание, с" => "Max wait, s",
        "Создать" => "Create",
        "Чат с клиентами" => "Client chat",
        "Внутренний" => "Internal",
        "Конференции" => "Conferences",
        "Вебинары" => "Webinars",
        "Недостаточно прав" => "Not allowed",
        "Название группы" => "Group name",
        "Журнал изменений" => "Audit log",
        "Первый запуск" => "First run",
        "Создайте учётную запись администратора" => "Create the administrator's account",
        "Когда" => "When",
        "Кто" => "Who",
        "Что" => "What",
        "Было" => "Before",
        "Стало" => "After",
        "Просмотр и удаление чатов" => "View and delete chats",
        "Редактирование пользователей" => "Edit users",
        "Редактирование клиентов" => "Edit clients",
        "Объединение клиентов" => "Merge clients",
        "Блокировка" => "Block",
        "Управление встречами" => "Manage meetings",
        "Администрирование" => "Administer",
        "Имя" => "Name",
        "Включить" => "Enable",
        "Отключить" => "Disable",
        "Новый пароль" => "New password",
        "Сменить пароль" => "Change password",
        "Статусы" => "Statuses",
        "Права:" => "Rights:",
        "Комнаты:" => "Rooms:",
        "Темы:" => "Topics:",
        "Темы" => "Topics",
        "Дополнительные поля" => "Custom fields",
        "Источники" => "Sources",
        "Выше" => "Up",
        "Ниже" => "Down",
        "Панель клиента:" => "Client panel:",
        "Местоположение" => "Location",
        "Текущая страница" => "Current page",
        "UTM-метки" => "UTM tags",
        "Загрузить изображение" => "Upload image",
        "Сохранить" => "Save",
        "Сохранено" => "Saved",
        "Переименовать" => "Rename",
        "Удалить группу" => "Delete group",
        "Удалить" => "Delete",
        "Замена" => "Replacement",
        "без замены" => "no replacement",
        "Цвет" => "Colour",
        "Новый статус" => "New status",
        "Закрытый" => "Closed",
        "Для новых чатов" => "For new chats",
        "При переходе в статус:" => "On entering the status:",
        "снять ответственного" => "remove the responsible person",
        "Перенести в комнату" => "Move to room",
        "не переносить" => "do not move",
        "сообщение клиенту" => "message to the client",
        "Новая тема" => "New topic",
        "Новое поле" => "New field",
        "Чьё поле" => "Whose field",
        "Текст" => "Text",
        "Число" => "Number",
        "Дата" => "Date",
        "Выбор из списка" => "Choice",
        "Пользователь" => "User",
        "Клиент" => "Client",
        "варианты через запятую" => "options, comma-separated",
        "Виджет сайта: вставьте перед </body>" => "Website widget: paste before </body>",
        "Скопировать" => "Copy",
        "Скопировано" => "Copied",
        "Открыть виджет" => "Open the widget",
        "Почта: настройки ящика сохраняются; приём и отправка писем появятся со следующим обновлением." => "E-mail: the mailbox settings are saved; receiving and sending mail comes with the next update.",
        "Адрес ящика" => "Mailbox address",
        "Логин" => "Login",
        "пароль сохранён" => "password stored",
        "бот" => "bot",
        "Бот" => "Bot",
        other => other,
    }
}
