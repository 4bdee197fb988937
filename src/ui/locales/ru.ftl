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
call-reject = Отклонить
call-remove = Удалить из звонка
call-guest = Гость
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
call-audience-title = Зрители
call-audience = Зрители: { $count }
call-muted = Микрофон выключен
call-sharing-screen = показывает экран
call-raise-hand = Поднять руку
call-lower-hand = Опустить руку
call-hand-raised = Рука поднята
call-give-floor = Дать слово
call-take-floor = Забрать слово
call-quality-good = Связь хорошая
call-quality-fair = Связь средняя: видео в пониженном качестве
call-quality-poor = Связь плохая: видео в низком качестве
call-quality-paused = Видео не показывается: в звонке больше видео, чем помещается
call-uplink-lost = Ваши звук и видео не доходят до сервера: проверьте подключение
copy-link = Скопировать ссылку
link-qr-code = QR-код ссылки
meeting-id = Идентификатор встречи
meeting-invitation = { $name } приглашает вас на встречу.
    Тема: { $topic }
    Ссылка: { $link }
    Идентификатор встречи: { $id }
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
history-loading-older = Загрузка более ранних сообщений…
history-loading-newer = Загрузка более новых сообщений…
new-inquiry = Новое обращение
unread-messages = Непрочитанные сообщения
outbox-discard = Удалить
notifications-on = Уведомления в фоне включены
notifications-denied = Уведомления запрещены в настройках браузера
notifications-unsupported = Этот браузер не показывает уведомления
notifications-off = Уведомления в фоне выключены
notifications-enable = Включить
messages-label = Сообщения чата
imap-port = Порт IMAP
smtp-port = Порт SMTP
push-heading = Уведомления на устройствах
push-inquiries = Новые обращения
push-messages = Сообщения в моих чатах
push-calls = Входящие звонки
push-previews = Показывать текст сообщения
push-devices = Устройства
push-no-devices = Нет устройств с уведомлениями
push-remove-device = Отключить устройство { $device }
sending = Отправка…
loading = Загрузка…
show-more = Показать ещё
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
group-name = Название группы
audit-log = Журнал изменений
first-run = Первый запуск
create-admin-account = Создайте учётную запись администратора
setup-token = Ключ установки
setup-token-hint = Сервер вывел его в свой журнал при запуске («first run: … setup token …»).
audit-when = Когда
audit-who = Кто
audit-what = Что
audit-before = Было
audit-after = Стало
# Audit log actions (model::settings::AuditAction): audit-<code with dashes>.
audit-group-created = Создание группы
audit-group-renamed = Переименование группы
audit-group-deleted = Удаление группы
audit-group-rooms = Комнаты группы
audit-group-topics = Темы группы
audit-group-rights = Права группы
audit-room-created = Создание комнаты
audit-room-changed = Изменение комнаты
audit-rooms-reordered = Порядок комнат
audit-room-image = Изображение комнаты
audit-status-created = Создание статуса
audit-status-changed = Изменение статуса
audit-status-deleted = Удаление статуса
audit-field-created = Создание поля
audit-field-changed = Изменение поля
audit-field-deleted = Удаление поля
audit-topic-created = Создание темы
audit-topic-changed = Изменение темы
audit-topic-deleted = Удаление темы
audit-employee-created = Создание сотрудника
audit-employee-groups = Группы сотрудника
audit-employee-disabled = Отключение сотрудника
audit-employee-bot = Бот
audit-password-changed = Смена пароля
audit-mail-source = Почтовый источник
right-chats-delete = Просмотр и удаление чатов
right-users-edit = Редактирование пользователей
right-clients-edit = Редактирование клиентов
right-clients-merge = Объединение клиентов
right-block = Блокировка
right-meetings-manage = Управление встречами
right-replies-manage = Шаблоны ответов комнат
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
field-on-panel = Показывать на панели
rooms-of-tariff = { $count } из { $limit } комнат по тарифу
rooms-beyond-tariff = Сверх тарифа: комната сохранена, но не показывается в колонке комнат
custom-fields = Произвольные поля
sources = Источники
move-up = Выше
move-down = Ниже
client-panel-parts = Панель клиента:
location = Местоположение
current-page = Текущая страница
utm-tags = UTM-метки
upload-image = Загрузить изображение
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
email-source-notice = Почта: письма, пришедшие в этот ящик, становятся обращениями в списке «Новые», а ответы операторов уходят клиенту письмом.
source-from-address = Адрес отправителя
source-mail-subject = Тема письма
telegram-source-notice = Telegram: сообщения боту становятся обращениями, ответы операторов приходят от имени бота. Токен выдаёт @BotFather.
bot-token = Токен бота
bot-token-stored = Токен сохранён (введите новый, чтобы заменить)
source-telegram = Telegram
mailbox-enabled = Включен
mailbox-check = Проверить подключение
mailbox-checking = Проверяем…
mailbox-step-ok = { $server }: подключение работает
mailbox-step-failed = { $server }: { $error }
mailbox-connected = Подключено с { $since }: новые письма приходят сразу
mailbox-retrying = Нет связи с { $since }: { $error }. Повторяем попытки.
mailbox-off = Выключен: письма не принимаются и не отправляются
mailbox-starting = Подключаемся…
delivery-queued = В очереди
delivery-retrying = Не отправлено, повторим: { $error }
delivery-sent = Отправлено
delivery-failed = Не отправлено: { $error }
delivery-reason-no-channel = у чата нет канала для отправки
delivery-reason-message-gone = сообщение удалено
delivery-reason-no-email = у клиента нет адреса почты
delivery-reason-no-mailbox = почтовый ящик комнаты не настроен или выключен
delivery-reason-no-telegram-chat = у клиента нет чата в Telegram
delivery-reason-no-bot = бот комнаты не настроен или выключен
delivery-reason-file-too-large-for-telegram = { $file }: Telegram принимает от бота файлы до 50 МБ
delivery-resend = Отправить снова
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
chats-window-open = Окно чатов открыто
chats-window-closed = Окно чатов закрыто
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
block = Заблокировать
unblock = Разблокировать
block-whom = Кого заблокировать
block-target-user = Пользователя
block-until = До
block-reason = Причина
block-reason-named = Причина: { $reason }
block-until-missing = Укажите дату и время окончания блокировки
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
# History actions (model::history::HistoryAction): history-<code with dashes>.
history-inquiry-started = Начало обращения
history-rated = Оценка разговора
history-page-visited = Посещение страницы
history-message-sent = Сообщение клиента
history-chat-created = Создание чата
history-chat-deleted = Удаление чата
history-chat-restored = Восстановление чата
history-chat-erased = Удаление чата насовсем
history-chat-left = Выход из чата
history-status-changed = Изменение статуса
history-responsible-assigned = Назначение ответственного
history-topic-changed = Изменение темы
history-participants-added = Добавление участников
history-participant-removed = Удаление участника
history-conference-created = Создание конференции
history-webinar-created = Создание вебинара
history-meeting-settings-changed = Настройки встречи
history-merged-into-client = Объединение в клиента
history-merge-undone = Отмена объединения
history-user-blocked = Блокировка пользователя
history-client-blocked = Блокировка клиента
history-user-unblocked = Разблокировка пользователя
history-client-unblocked = Разблокировка клиента
history-user-renamed = Изменение имени пользователя
history-field-changed = Изменение поля
history-field-cleared = Очистка поля
history-other = Другое действие
# A block's detail: its end and reason.
history-block-detail = до { $detail }
any-neuter = Любое
no-events = Событий нет
block-target-client = Клиента (всех его пользователей)
play-message-sound = Прослушать звук входящего сообщения
play-call-sound = Прослушать звук входящего звонка

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): sessions and access

problem-sign-in-required = Требуется вход в систему
problem-forbidden = Недостаточно прав
problem-not-found = { $thing ->
        [chat] Чат не найден
        [room] Комната не найдена
        [employee] Сотрудник не найден
        [user] Пользователь не найден
        [client] Клиент не найден
        [group] Группа не найдена
        [status] Статус не найден
        [topic] Тема не найдена
        [field] Поле не найдено
        [meeting] Встреча не найдена
        [image] Изображение не найдено
        [message] Сообщение не найдено
        [saved_reply] Шаблон ответа не найден
        [file] Файл не найден
       *[other] Объект не найден
    }
problem-wrong-credentials = Неверная почта или пароль
problem-too-many-attempts = Слишком много попыток, повторите через { $retry_secs } с
problem-too-many-requests = Слишком много запросов. Попробуйте через { $retry_secs } с.
problem-too-many-messages = Слишком много сообщений. Попробуйте через { $retry_secs } с.
problem-blocked = Отправка сообщений заблокирована
problem-internal = Внутренняя ошибка сервера
problem-malformed-request = Неверный формат запроса
problem-no-connection = Нет связи с сервером

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): messages

problem-message-empty = Сообщение пустое
problem-message-too-long = Сообщение длиннее { $max } символов ({ $chars })
problem-bad-client-id = Неверный идентификатор отправки
problem-bad-message-number = Неверный номер сообщения

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): names and directory entries

problem-name-missing = Укажите имя
problem-name-too-long = Имя длиннее { $max } символов
problem-name-length = Имя должно быть от 1 до { $max } символов
problem-entry-name-missing = Укажите название
problem-title-too-long = Название длиннее { $max } символов
problem-duplicate-name = { $thing ->
        [room] Комната с таким названием уже есть
        [group] Группа с таким названием уже есть
        [status] Статус с таким названием уже есть
        [topic] Тема с таким названием уже есть
        [field] Поле с таким названием уже есть
       *[other] Запись с таким названием уже есть
    }
problem-same-replacement = { $thing ->
        [status] Замена должна быть другим статусом
        [topic] Замена должна быть другой темой
       *[other] Замена должна быть другой записью
    }
problem-in-use = { $thing ->
        [status] Статус используется (чатов: { $count }). Выберите замену
        [topic] Тема используется (чатов: { $count }). Выберите замену
        [field] Поле используется (заполнено: { $count }). Сначала очистите значения
       *[other] Запись используется ({ $count }). Выберите замену
    }
problem-bad-color = Цвет задаётся как #rrggbb
problem-default-status-closed = Статус новых чатов не может быть закрытым
problem-status-message-too-long = Сообщение длиннее { $max } символов
problem-default-status-required = Сначала назначьте статусом новых чатов другой статус
problem-default-status-undeletable = Статус новых чатов удалить нельзя: сначала назначьте другой
problem-move-only-to-client-room = Перенести чат можно только в комнату «Чат с клиентами»
problem-choices-missing = Перечислите варианты выбора
problem-too-many-choices = Не больше { $max } вариантов, каждый до { $max_chars } символов
problem-field-kind-fixed = Тип и владелец поля меняются только пока в нём нет значений
problem-value-too-long = Значение длиннее { $max } символов
problem-number-expected = Здесь нужно число
problem-date-expected = Здесь нужна дата ГГГГ-ММ-ДД
problem-choice-expected = Выберите одно из значений списка

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): rooms, e-mail sources, groups and employees

problem-room-name-missing = Укажите название комнаты
problem-bad-max-wait = Максимальное время ожидания: от 10 секунд до 24 часов
problem-room-limit = Тариф позволяет не больше { $max } комнат
problem-unknown-panel-field = Неизвестное поле панели: { $field }
problem-room-kind-fixed = Тип комнаты меняется только пока в ней нет чатов
problem-bad-move-step = Сдвиг: на одно место вверх или вниз
problem-image-too-large = Изображение больше { $kb } КБ
problem-file-damaged = Файл повреждён
problem-not-an-image = Это не изображение PNG, JPEG, GIF или WebP (до 4096×4096)
problem-bad-email = Неверный адрес электронной почты
problem-mail-servers-missing = Укажите серверы IMAP и SMTP (имя хоста)
problem-bad-port = Порт: от 1 до 65535
problem-mailbox-login-missing = Укажите логин почтового ящика
problem-mailbox-password-missing = Укажите пароль почтового ящика
problem-password-too-long = Пароль слишком длинный
problem-email-only-in-client-rooms = Почта подключается только к комнате «Чат с клиентами»
problem-mailbox-taken = Этот адрес уже подключён к другой комнате
problem-group-has-members = В группе есть сотрудники ({ $members }): сначала уберите их из группы
problem-unknown-right = Неизвестное право: { $right }
problem-last-admin = Нельзя убрать последнего администратора
problem-last-admin-disabled = Нельзя отключить последнего администратора
problem-employee-email-taken = Сотрудник с такой почтой уже есть
problem-body-too-large = Запрос больше { $max_kib } КиБ
problem-not-json = Запросы принимаются только в формате JSON
problem-cross-site = Запросы с другого сайта не принимаются
problem-setup-token-wrong = Ключ установки не совпадает с тем, что в журнале сервера
problem-employee-name-length = Укажите имя (до { $max } символов)
problem-password-too-short = Пароль короче { $min } символов

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): chats: actions, participants, topics, the filter

problem-chat-closed = Чат закрыт: сначала верните статус «Активный»
problem-erase-only-deleted = Насовсем удаляется только чат из «Удаленных»
problem-responsible-only-in-client-chats = Ответственный назначается только в чате с клиентом
problem-no-access-to-chat = У сотрудника { $employee } нет доступа к этому чату
problem-not-a-participant = Вы не участник этого чата
problem-responsible-cannot-leave = Ответственный не может покинуть чат: сначала назначьте другого
problem-nobody-chosen = Выберите хотя бы одного сотрудника
problem-too-many-at-once = За один раз можно добавить не больше { $max } сотрудников
problem-not-in-chat = Этот сотрудник не участвует в чате
problem-responsible-cannot-be-removed = Ответственного нельзя удалить из чата: сначала назначьте другого
problem-last-participant = В чате должен остаться хотя бы один участник
problem-internal-room-required = Чаты сотрудников создаются во внутренних комнатах
problem-too-many-participants = В чате может быть не больше { $max } участников
problem-group-chat-too-few = В групповом чате должно быть не меньше двух участников кроме вас
problem-personal-chat-one-person = В личном чате один собеседник: для нескольких выберите групповой чат
problem-group-chat-topic-missing = Укажите тему группового чата
problem-topic-missing = Введите тему
problem-topic-too-long = Тема длиннее { $max } символов
problem-filter-text-too-long = Слишком длинный текст в фильтре
problem-period-reversed = Начало периода позже его конца

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): users, clients, blocks and the client panel

problem-no-user-in-chat = В этом чате нет пользователя
problem-merge-with-self = Нельзя объединить пользователя с самим собой
problem-already-merged = Эти пользователи уже объединены
problem-in-another-client = Пользователь «{ $user }» уже входит в клиента «{ $client }»: сначала отмените то объединение
problem-merge-race = Пока вы объединяли, кто-то изменил этих пользователей: откройте окно снова
problem-not-merged = Пользователь не объединён в клиента
problem-not-in-client = Этот пользователь не входит в клиента
problem-no-visitor-to-block = В этом чате нет посетителя, которого можно заблокировать
problem-block-client-not-merged = Пользователь не объединён в клиента: заблокируйте пользователя
problem-not-blocked = Пользователь не заблокирован
problem-block-reason-missing = Укажите причину блокировки
problem-block-reason-too-long = Причина длиннее { $max } символов
problem-block-end-passed = Дата окончания блокировки уже прошла
problem-page-url-scheme = Адрес страницы должен начинаться с http:// или https://
problem-page-url-too-long = Адрес страницы слишком длинный
problem-page-text-too-long = Слишком длинное описание страницы

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): meetings and calls

problem-no-calls-in-client-chats = Видеозвонки есть во внутренних чатах, конференциях и вебинарах
problem-meeting-room-required = Встречи создаются в комнатах «Конференции» и «Вебинары»
problem-meeting-deleted = Встреча удалена
problem-meeting-ended = Встреча завершена
problem-meeting-topic-missing = Укажите тему встречи
problem-too-many-invited = Во встречу можно пригласить не больше { $max } сотрудников
problem-start-passed = Время начала уже прошло
problem-call-size = Число участников звонка: от 2 до { $max }
problem-too-many-presenters = В вебинаре не больше { $max } ведущих вместе с организатором
problem-presenter-not-participant = Ведущим может быть только участник встречи
problem-no-meeting-link = Ссылка на встречу есть у конференций и вебинаров
problem-guest-name-missing = Представьтесь: укажите имя
problem-call-full = Звонок заполнен: в нём уже { $count } участников
problem-call-not-started = Звонок ещё не начат: его начинает организатор
problem-viewer-publishes = Зритель вебинара не может передавать звук и видео
problem-unknown-peer = Такого участника нет в этом звонке
problem-not-in-call = Вы не в звонке
problem-may-not-admit = Впускать из зала ожидания может только организатор
problem-sdp-too-long = Слишком длинное описание соединения
problem-bad-sdp = Описание соединения не принято
problem-media-unavailable = Медиасервер звонка не работает
problem-hand-not-raised = Сначала поднимите руку: организатор даст вам слово
problem-lobby-full = Зал ожидания заполнен: в нём уже ждут { $max } человек
problem-guest-name-taken = Это имя сотрудника: выберите другое
problem-may-not-remove = Удалять участников из звонка может только организатор
problem-rejected-from-lobby = Организатор не впустил вас в звонок
problem-removed-from-call = Организатор удалил вас из звонка
problem-call-session-ended = Вы вышли из системы: звонок для вас завершён
problem-call-access-lost = У вас больше нет доступа к этому звонку
problem-call-ended = Звонок завершён
problem-call-server-lost = Сервер, на котором шёл звонок, остановился: начните звонок снова
problem-storage-unavailable = База данных не отвечает. Отправим снова через { $retry_secs } с.
problem-push-subscription-invalid = Подписку этого браузера на уведомления нельзя использовать
problem-note-outside-client-chat = Заметки можно писать только в чате с клиентом
problem-rating-not-open = Этот разговор сейчас нельзя оценить
problem-already-rated = Этот разговор уже оценён
problem-rating-out-of-range = Оценка — от 1 до 5
problem-comment-too-long = Комментарий длиннее { $max } символов
problem-bad-working-hours = В каждый рабочий день начало должно быть раньше конца, в пределах суток
problem-unknown-timezone = Неизвестный часовой пояс
problem-email-invalid = Укажите адрес электронной почты
problem-file-too-large = Файл больше { $max_mb } МБ
problem-file-type-forbidden = Файлы такого типа отправлять нельзя
problem-file-name-missing = У файла нет имени
problem-file-empty = Файл пустой
problem-too-many-files = В одном сообщении не больше { $max } файлов
problem-file-not-attachable = Этот файл загружен не вами или уже отправлен
problem-nothing-to-resend = Отправить снова можно только неотправленный ответ или ответ в очереди
problem-bad-bot-token = Токен бота выглядит так: 123456789:AAE… — его выдаёт @BotFather
problem-bot-only-in-client-rooms = Бот мессенджера подключается только к комнате «Чат с клиентами»

# Typing and private notes (#14).
typing-one = { $name } печатает…
typing-many = { $names } печатают…
note-toggle = Заметка
note-toggle-title = Заметку видят только сотрудники, клиент — никогда
note-placeholder = Заметка для сотрудников: клиент её не увидит
note-send = Сохранить заметку
download-file = Скачать
attach-files = Прикрепить файлы
attached-files = Прикреплённые файлы
files-not-ready = Дождитесь загрузки файлов или уберите файлы с ошибкой
uploading = Загрузка
upload-cancel = Отменить загрузку
upload-remove = Убрать файл
size-b = Б
size-kb = КБ
size-mb = МБ
note-mark = Заметка

# Saved replies (#14).
saved-replies = Шаблоны ответов
saved-replies-none = Шаблоны не найдены
saved-replies-hint = Наберите «/» в поле сообщения, чтобы вставить шаблон. Подстановки: {"{"}client{"}"}, {"{"}operator{"}"}, {"{"}room{"}"}.
saved-reply-title = Название
saved-reply-text = Текст
saved-reply-scope = Для кого
saved-reply-personal = Личный
saved-reply-new = Новый шаблон
saved-reply-edit = Изменить

# Mentions (#14).
mention-mark-title = Вас упомянули
mention-notification = { $name } упоминает вас

# Satisfaction ratings (#14).
rating-ask = Пожалуйста, оцените разговор
rating-n = Оценка { $score } из 5
rating-comment = Комментарий (необязательно)
rating-send = Отправить оценку
rating-choose = Выберите оценку от 1 до 5
rating-thanks = Спасибо за оценку!
rating-badge-title = Оценка клиента
rating-of-chat = Оценка разговора
ratings = Оценки
ratings-rooms = По комнатам
ratings-operators = По операторам
ratings-count = Оценок
ratings-average = Средняя
ratings-none = За этот период оценок нет
ratings-show = Показать

# Working hours and the offline form (#14).
widget-outside-hours = Сейчас нерабочее время. Напишите — мы ответим, как только начнём работу.
widget-offline-greeting = Сейчас операторов нет на месте. Оставьте сообщение и адрес электронной почты — мы ответим.
widget-your-email = Электронная почта
widget-your-message = Сообщение
widget-leave-message = Оставить сообщение
widget-offline-sent = Сообщение получено. Мы ответим, как только сможем.
left-offline = Офлайн
left-offline-title = Оставлено через офлайн-форму
client-email = Электронная почта
working-hours = Часы работы
working-hours-enabled = Учитывать часы работы
working-hours-timezone = Часовой пояс
working-hours-accept-outside = Принимать чаты в нерабочее время
working-hours-offline-when-nobody = Без активных операторов — форма офлайн-сообщения
weekday-mon = Пн
weekday-tue = Вт
weekday-wed = Ср
weekday-thu = Чт
weekday-fri = Пт
weekday-sat = Сб
weekday-sun = Вс
working-hours-saved = Часы работы сохранены
mention-picker = Упомянуть коллегу
