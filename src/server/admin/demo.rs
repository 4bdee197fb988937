//! The demo workspace loaded into an empty database: operators, rooms of all
//! four types, and a few chats with history. Logins are listed in README.md.

use crate::server::people::auth::create_employee;
use crate::server::clock::now_ms;
use crate::server::store::db::exists;
use crate::server::error::ServiceResult;
use crate::server::chats::messages::{store, Effect};
use crate::server::store::records::record;
use crate::server::state::AppState;
use crate::model::message::Author;

/// The demo accounts' password on a loopback-only server (`make run`, tests).
pub const DEMO_PASSWORD: &str = "demo1234";

/// Loads the demo unless the database already has employees; true if it did.
/// `password` is every demo account's password.
pub async fn load_if_empty(state: &AppState, password: &str) -> ServiceResult<bool> {
    let mut response = state.db.query("SELECT id FROM employee LIMIT 1").await?;
    if exists(&mut response, 0)? {
        return Ok(false);
    }
    load(state, password).await?;
    Ok(true)
}

/// The demo password for a server bound to `ip` (the `IP` it listens on):
/// the documented one on loopback, a random one anywhere else, since a demo
/// reachable from the network must not open with a password everyone knows.
pub fn password_for(ip: Option<&str>) -> (String, bool) {
    if ip.is_none_or(crate::server::people::address_limit::is_loopback) {
        (DEMO_PASSWORD.to_string(), false)
    } else {
        (crate::server::clock::new_token()[..16].to_string(), true)
    }
}

async fn load(state: &AppState, password: &str) -> ServiceResult<()> {
    state
        .db
        .query(
            "CREATE chat_status:active SET name = 'Активный', color = '#1f9d55', closed = false, is_default = true, position = 1;
             CREATE chat_status:waiting SET name = 'Ожидает клиента', color = '#d99a00', closed = false, position = 2;
             CREATE chat_status:closed SET name = 'Закрыт', color = '#6b7686', closed = true, position = 3;
             CREATE topic:billing SET name = 'Оплата', position = 1;
             CREATE topic:delivery SET name = 'Доставка', position = 2;
             CREATE custom_field:contract SET name = 'Номер договора', kind = 'text', owner = 'client', position = 1;
             CREATE custom_field:segment SET name = 'Сегмент', kind = 'choice', choices = ['Опт', 'Розница'], owner = 'user', position = 2;
             CREATE room:support SET name = 'Поддержка', kind = 'client', max_wait_secs = 120, position = 1;
             CREATE room:sales SET name = 'Продажи', kind = 'client', max_wait_secs = 300, position = 2;
             CREATE room:staff SET name = 'Сотрудники', kind = 'internal', max_wait_secs = 600, position = 3;
             CREATE room:conferences SET name = 'Конференции', kind = 'conference', max_wait_secs = 600, position = 4;
             CREATE room:webinars SET name = 'Вебинары', kind = 'webinar', max_wait_secs = 600, position = 5;
             CREATE source:support_widget SET kind = 'widget', name = 'Виджет сайта', room = room:support;
             CREATE source:sales_widget SET kind = 'widget', name = 'Виджет сайта', room = room:sales;
             CREATE source:sales_email SET kind = 'email', name = 'sales@example.com', room = room:sales;
             CREATE source:workspace SET kind = 'workspace', name = 'Рабочее место';
             CREATE staff_group:operators SET name = 'Операторы', rights = [], topics = [topic:delivery],
                 rooms = [room:support, room:sales, room:staff, room:conferences, room:webinars];
             CREATE staff_group:sales SET name = 'Отдел продаж', rights = [], rooms = [room:sales, room:staff],
                 topics = [topic:billing, topic:delivery];
             CREATE staff_group:supervisors SET name = 'Старшие операторы', rights = ['chats.delete', 'block', 'users.edit', 'clients.edit', 'clients.merge', 'meetings.manage', 'replies.manage'],
                 rooms = [room:support, room:sales, room:staff, room:conferences, room:webinars],
                 topics = [topic:billing, topic:delivery];
             CREATE staff_group:admins SET name = 'Администраторы', rights = ['admin'],
                 rooms = [room:support, room:sales, room:staff, room:conferences, room:webinars],
                 topics = [topic:billing, topic:delivery];
             CREATE saved_reply:greeting SET room = room:support, title = 'Приветствие', created_ms = 0,
                 text = 'Здравствуйте, {client}! Меня зовут {operator}, служба «{room}». Чем могу помочь?';
             CREATE saved_reply:password_reset SET room = room:support, title = 'Сброс пароля', created_ms = 0,
                 text = 'Чтобы сменить пароль, нажмите «Забыли пароль?» на странице входа и перейдите по ссылке из письма.';",
        )
        .await?
        .check()?;

    create_employee(state, "anna", "Анна Смирнова", "anna@demo.local", password, &["operators", "supervisors"]).await?;
    create_employee(state, "boris", "Борис Иванов", "boris@demo.local", password, &["operators"]).await?;
    create_employee(state, "vera", "Вера Петрова", "vera@demo.local", password, &["sales"]).await?;
    create_employee(state, "admin", "Администратор", "admin@demo.local", password, &["admins"]).await?;

    let anna = Author::Employee { id: "anna".into(), name: "Анна Смирнова".into() };
    let boris = Author::Employee { id: "boris".into(), name: "Борис Иванов".into() };

    visitor_chat(state, "ivan", "Иван Кузнецов", "support", "support_widget").await?;
    say(state, "vivan", &Author::Visitor { name: "Иван Кузнецов".into() }, "Здравствуйте! Не могу войти в личный кабинет.").await?;
    say(state, "vivan", &Author::Visitor { name: "Иван Кузнецов".into() }, "Пишет «неверный пароль», хотя я его только что сменил.").await?;

    visitor_chat(state, "maria", "Мария Соколова", "support", "support_widget").await?;
    say(state, "vmaria", &Author::Visitor { name: "Мария Соколова".into() }, "Добрый день, где посмотреть статус заказа?").await?;
    say_as_operator(state, "vmaria", &anna, "Здравствуйте, Мария! Статус заказа виден в разделе «Мои заказы».").await?;

    visitor_chat(state, "romashka", "ООО «Ромашка»", "sales", "sales_email").await?;
    // The e-mail client has an address: an answer waits in the queue and says
    // the room's mailbox is not set up (Settings → Sources connects one, #16).
    state.db.query("UPDATE user:romashka SET email = 'zakupki@romashka.example'").await?.check()?;
    say(state, "vromashka", &Author::Visitor { name: "ООО «Ромашка»".into() }, "Просим выставить счёт на 20 лицензий.").await?;

    state
        .db
        .query(
            "CREATE chat:staff_anna_boris SET room = room:staff, source = source:workspace, status = chat_status:active,
                participants = [employee:anna, employee:boris], created_ms = $now, last_seq = 0, deleted = false, rev = 1;
             CREATE chat:planning SET room = room:conferences, source = source:workspace, status = chat_status:active,
                topic = 'Планёрка в понедельник', participants = [employee:anna, employee:boris], created_ms = $now,
                last_seq = 0, deleted = false, rev = 1;",
        )
        .bind(("now", now_ms()))
        .await?
        .check()?;
    say_as_operator(state, "staff_anna_boris", &boris, "Анна, подменишь меня на поддержке после обеда?").await?;
    say_as_operator(state, "staff_anna_boris", &anna, "Да, конечно.").await?;
    say_as_operator(state, "planning", &anna, "Повестка: итоги недели и план по обращениям.").await?;
    tracing::info!("demo workspace loaded");
    Ok(())
}

async fn visitor_chat(state: &AppState, user: &str, name: &str, room: &str, source: &str) -> ServiceResult<()> {
    state
        .db
        .query(
            "CREATE $user SET name = $name, token_hash = $hash, room = $room, source = $source, created_ms = $now;
             CREATE $chat SET room = $room, source = $source, user = $user, status = chat_status:active,
                participants = [], created_ms = $now, last_seq = 0, deleted = false, rev = 1;",
        )
        .bind(("user", record("user", user)?))
        .bind(("chat", record("chat", &format!("v{user}"))?))
        .bind(("name", name.to_string()))
        // Demo visitors cannot sign in: no token hashes to this.
        .bind(("hash", format!("demo-{user}")))
        .bind(("room", record("room", room)?))
        .bind(("source", record("source", source)?))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    Ok(())
}

async fn say(state: &AppState, chat: &str, author: &Author, text: &str) -> ServiceResult<()> {
    store(state, chat, &crate::server::clock::new_key(), text, author, Effect::Plain).await.map(|_| ())
}

/// An employee writes, which (as in the app) also marks the chat read for
/// them; in a client chat they become responsible.
async fn say_as_operator(state: &AppState, chat: &str, author: &Author, text: &str) -> ServiceResult<()> {
    let client_chat = chat.starts_with('v');
    let message = store(state, chat, &crate::server::clock::new_key(), text, author, if client_chat { Effect::TakeResponsibility } else { Effect::Plain }).await?;
    let Author::Employee { id, .. } = author else { return Ok(()) };
    state
        .db
        .query("UPSERT type::record('read_position', $key) SET employee = $employee, chat = $chat, seq = $seq")
        .bind(("key", format!("{id}_{chat}")))
        .bind(("employee", record("employee", id)?))
        .bind(("chat", record("chat", chat)?))
        .bind(("seq", message.seq))
        .await?
        .check()?;
    Ok(())
}
