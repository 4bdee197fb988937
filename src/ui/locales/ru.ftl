# Russian: the manual's words (the default language).
# Message ids are ASCII kebab-case from the meaning; ru.ftl and en.ftl have the same ids
# (tests/i18n.rs checks it). Arguments are { $name } placeables.

chats = Чаты

## Meetings and calls (C3, C4, C13, R3, R4)

meeting-organiser = Организатор
start-video-call = Начать видеозвонок
join-video-call = Присоединиться к видеозвонку
menu-meeting-settings = Настройки конференции (вебинара)
meeting-link = Ссылка на встречу
new-meeting = Создать новую конференцию или вебинар
incoming-call = Входящий звонок
is-calling = звонит
accept-call = Принять
decline-call = Отклонить
video-call = Видеозвонок
call-participant-count = Участников: { $count }
call-connecting = Подключение…
call-waiting-in-lobby = Вы в зале ожидания: организатор скоро впустит вас.
call-lobby = Зал ожидания
call-admit = Впустить
call-you-are-viewer = Вы зритель: смотрите и пишите в чат
call-my-name = { $name } (вы)
call-camera-on = Камера вкл.
call-camera-off = Камера выкл.
call-mic-on = Микрофон вкл.
call-mic-off = Микрофон выкл.
call-share-screen = Показать экран
call-stop-sharing = Остановить показ
call-leave = Покинуть звонок
call-ended = Звонок завершён
call-no-media = Камера и микрофон недоступны: { $error }
call-connection-failed = Соединение не установлено: { $error }
call-screen-share-failed = Показ экрана не начат: { $error }
call-no-window = нет окна
call-no-screen-video = нет видео экрана
call-viewer = Зритель
call-muted = Микрофон выключен
call-sharing-screen = показывает экран
copy-link = Скопировать ссылку
link-qr-code = QR-код ссылки
meeting-id = Идентификатор встречи
link-copied = Ссылка скопирована
invitation-copied = Приглашение скопировано
copy-refused = Браузер не дал скопировать
meeting-settings-by-organiser = Настройки меняет организатор встречи
meeting-guest-lobby = Зал ожидания для гостей
meeting-max-participants = Участников в звонке, не больше
meeting-who-starts-call = Начинать звонок может
meeting-starts-anyone = любой участник
meeting-starts-organiser = только организатор
meeting-presenters = Ведущие (передают звук, видео и экран)
meeting-start = Начало
meeting-participants = Участники
meeting-left = Вы покинули встречу
webinar = Вебинар
conference = Конференция
join = Присоединиться
# Handed over by src/model/meeting.rs; tr_model finds the message by this text: keep the two equal.
meeting-topic-missing = Укажите тему встречи
# Handed over by src/model/meeting.rs; tr_model finds the message by this text: keep the two equal.
meeting-start-passed = Время начала уже прошло
# Handed over by src/model/meeting.rs; tr_model finds the message by this text: keep the two equal.
meeting-too-many-invited = Во встречу можно пригласить не больше 50 сотрудников

## Rooms, lists, sign-in, the chat and the widget

rooms = Комнаты
lists = Списки
list-new = Новые
list-mine = Мои
list-all = Все
list-deleted = Удаленные
# Not shown anywhere at the moment; kept from the earlier dictionary.
sign-in-title = Вход
sign-in = Войти
sign-out = Выйти
email = Электронная почта
password = Пароль
send = Отправить
message-placeholder = Напишите сообщение…
choose-chat = Выберите чат
no-chats = Чатов нет
responsible = Ответственный
responsible-named = Ответственный: { $name }
no-responsible = Нет ответственного
new-chat = Новый чат
connection-lost = Соединение потеряно, переподключаемся…
# Not shown anywhere at the moment; kept from the earlier dictionary.
session-expired = Сессия истекла, войдите снова
send-failed-retry = Не отправлено. Повторить
sending = Отправка…
loading = Загрузка…
widget-introduce-yourself = Представьтесь, пожалуйста
your-name = Ваше имя
widget-start-chat = Начать чат
widget-greeting = Здравствуйте! Чем мы можем помочь?
back = Назад
source-widget = Виджет
source-email = Почта
source-messenger = Мессенджер
staff = Сотрудники
unread-of-total = Непрочитанные / всего
# A server error (src/server); the UI shows server errors as sent for now.
wrong-email-or-password = Неверная почта или пароль
# Not shown anywhere at the moment; kept from the earlier dictionary.
room-not-found = Комната не найдена

## Settings (S1–S7) and the first run

settings = Настройки
groups-and-rights = Группы и права
# Not shown anywhere at the moment; kept from the earlier dictionary.
rights = Права
room-name = Название
type = Тип
room-max-wait = Макс. ожидание, с
create = Создать
room-kind-client = Чат с клиентами
room-kind-internal = Внутренний
room-kind-conference = Конференции
room-kind-webinar = Вебинары
# A server error (src/server); the UI shows server errors as sent for now.
not-allowed = Недостаточно прав
group-name = Название группы
audit-log = Журнал изменений
first-run = Первый запуск
create-admin-account = Создайте учётную запись администратора
audit-when = Когда
audit-who = Кто
audit-what = Что
audit-before = Было
audit-after = Стало
right-chats-delete = Просмотр и удаление чатов
right-users-edit = Редактирование пользователей
right-clients-edit = Редактирование клиентов
right-clients-merge = Объединение клиентов
right-block = Блокировка
right-meetings-manage = Управление встречами
right-admin = Администрирование
person-name = Имя
enable = Включить
disable = Отключить
new-password = Новый пароль
change-password = Сменить пароль
statuses = Статусы

## The chat menu (C2–C18) and the directories

chat-menu = Меню чата
menu-change-status = Изменить статус
menu-assign-responsible = Назначить ответственного
menu-leave-chat = Покинуть чат
menu-delete-chat = Удалить чат
menu-restore-chat = Восстановить чат
delete-chat-forever = Удалить чат насовсем
# Handed over by src/model/menu.rs (CLOSED_REASON); tr_model finds the message by this text: keep the two equal.
chat-closed-reason = Чат закрыт: сначала верните статус «Активный»
delete-chat-forever-warning = Чат и все его сообщения будут удалены без возможности восстановления.
cancel = Отмена
status-closed-mark = закрытый
find-employee = Найти сотрудника
chat-deleted-mark = Удален
chat-gone = Чат удалён или больше недоступен
grants-rights = Права:
grants-rooms = Комнаты:
grants-topics = Темы:
topics = Темы
custom-fields = Дополнительные поля
sources = Источники
move-up = Выше
move-down = Ниже
client-panel-parts = Панель клиента:
location = Местоположение
current-page = Текущая страница
utm-tags = UTM-метки
upload-image = Загрузить изображение
room-image-too-large = Изображение больше { $kb } КБ
file-unreadable = Файл не читается
save = Сохранить
saved = Сохранено
rename = Переименовать
delete-group = Удалить группу
delete = Удалить
replacement = Замена
no-replacement = без замены
colour = Цвет
new-status = Новый статус
status-closed = Закрытый
status-default = Для новых чатов
status-on-enter = При переходе в статус:
status-remove-responsible = снять ответственного
status-move-to-room = Перенести в комнату
status-do-not-move = не переносить
status-client-message = сообщение клиенту
new-topic = Новая тема
new-field = Новое поле
field-owner = Чьё поле
field-kind-text = Текст
field-kind-number = Число
field-kind-date = Дата
field-kind-choice = Выбор из списка
user = Пользователь
client = Клиент
field-choices-placeholder = варианты через запятую
widget-snippet-hint = Виджет сайта: вставьте перед </body>
copy = Скопировать
copied = Скопировано
open-widget = Открыть виджет
email-source-notice = Почта: настройки ящика сохраняются; приём и отправка писем появятся со следующим обновлением.
mailbox-address = Адрес ящика
mailbox-login = Логин
password-stored = пароль сохранён
menu-change-topic = Изменить тему
menu-add-operator = Добавить оператора
menu-participants = Список участников

## Participants, topics, the filter (W9), the profile, new chats, blocks, user info

related-chats = Связанные чаты
topic = Тема
topic-other = Другая
no-topic = Без темы
no-participants = Участников нет
participant-info = Информация об участнике
remove-from-chat = Удалить из чата
add-participants = Добавить участников
add = Добавить
chat-open-by-employee = Чат открыт у сотрудника
chat-not-open-by-employee = Чат не открыт у сотрудника
search-chats = Поиск чатов
filter = Фильтр
filter-found = найдено { $count }
reset = Сбросить
reset-filter = Сбросить фильтр
search = Найти
room = Комната
all-rooms = Все комнаты
list = Список
all-but-deleted = Все, кроме удаленных
status = Статус
any-masculine = Любой
any-feminine = Любая
source = Источник
period-from = С
period-to = По
client-name = Имя клиента
message-words = Слова в сообщениях
# Handed over by src/model/filter.rs; tr_model finds the message by this text: keep the two equal.
filter-text-too-long = Слишком длинный текст в фильтре
# Handed over by src/model/filter.rs; tr_model finds the message by this text: keep the two equal.
filter-period-reversed = Начало периода позже его конца
activity-active = Активен
activity-on-break = На перерыве
activity-status = Статус работника
activity-status-title = Статус работника: { $status }
profile = Профиль
close = Закрыть
sound-message = Звук входящего сообщения
sound-call = Звук входящего звонка
bot-badge = бот
bot = Бот
add-chat = Добавить чат
personal-chat = Личный чат
group-chat = Групповой чат
chat-topic-placeholder = О чём этот чат
existing-chats-hint = Чаты с этими участниками уже есть — откройте, чтобы продолжить:
# Handed over by src/model/internal_chat.rs; tr_model finds the message by this text: keep the two equal.
new-chat-nobody-chosen = Выберите хотя бы одного сотрудника
# Handed over by src/model/internal_chat.rs; tr_model finds the message by this text: keep the two equal.
new-chat-too-many = В чате может быть не больше 50 участников
# Handed over by src/model/internal_chat.rs; tr_model finds the message by this text: keep the two equal.
group-chat-too-few = В групповом чате должно быть не меньше двух участников кроме вас
# Handed over by src/model/internal_chat.rs; tr_model finds the message by this text: keep the two equal.
personal-chat-one-person = В личном чате один собеседник: для нескольких выберите групповой чат
# Handed over by src/model/internal_chat.rs; tr_model finds the message by this text: keep the two equal.
group-chat-topic-missing = Укажите тему группового чата
# Handed over by src/model/meeting.rs and internal_chat.rs; tr_model finds the message by this text: keep the two equal.
topic-too-long = Тема длиннее 120 символов
block = Заблокировать
unblock = Разблокировать
block-whom = Кого заблокировать
block-target-user = Пользователя
block-until = До
block-reason = Причина
block-reason-named = Причина: { $reason }
block-until-missing = Укажите дату и время окончания блокировки
# Handed over by src/model/block.rs; tr_model finds the message by this text: keep the two equal.
block-reason-missing = Укажите причину блокировки
# Handed over by src/model/block.rs; tr_model finds the message by this text: keep the two equal.
block-reason-too-long = Причина длиннее 500 символов
# Handed over by src/model/block.rs; tr_model finds the message by this text: keep the two equal.
block-until-past = Дата окончания блокировки уже прошла
unblock-confirm = Пользователь заблокирован до { $until }. Снять блокировку сейчас?
widget-blocked-until = Отправка сообщений заблокирована до { $until }
client-info = Информация о клиенте
no-data = нет данных
blocked-until = Заблокирован до
user-info = Информация о пользователе
details = Подробнее
user-history = История пользователя
client-history = История клиента
user-since = С нами с { $date }
client-users = Пользователи клиента
undo-merge = Отменить объединение
user-not-merged = Пользователь не объединён с другими в клиента.
merge-with-user = Объединить с пользователем
user-name = Имя пользователя
merge = Объединить
history-action = Действие
any-neuter = Любое
no-events = Событий нет
block-target-client = Клиента (всех его пользователей)
# A server error (src/server); the UI shows server errors as sent for now.
block-client-not-merged = Пользователь не объединён в клиента: заблокируйте пользователя
play-message-sound = Прослушать звук входящего сообщения
play-call-sound = Прослушать звук входящего звонка
