//! Employees in the settings area: create, groups, password, disable, bot.

use dioxus::prelude::*;

use crate::api;
use crate::model::settings::{check_new_employee, check_password, Group, NewEmployee, StaffMember};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::{error_text, problem_text};

#[component]
pub fn EmployeesSettings(employees: Vec<StaffMember>, groups: Vec<Group>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut error = use_signal(|| None::<String>);
    let mut name = use_signal(String::new);
    let mut email = use_signal(String::new);
    let mut password = use_signal(String::new);

    let create = move |evt: FormEvent| async move {
        evt.prevent_default();
        let employee = NewEmployee { name: name(), email: email(), password: password() };
        if let Err(problem) = check_new_employee(&employee) {
            error.set(Some(problem_text(lang(), &problem)));
            return;
        }
        match api::people::staff::create_employee(employee).await {
            Ok(_) => {
                error.set(None);
                name.set(String::new());
                email.set(String::new());
                password.set(String::new());
                on_changed.call(());
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };

    rsx! {
        section { class: "settings-section", id: "employees-settings",
            h2 { {tr(lang(), "staff")} }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            for employee in employees {
                EmployeeRow { key: "{employee.id}", employee, groups: groups.clone(), on_changed, on_error: move |m| error.set(Some(m)) }
            }
            form { class: "inline-form", onsubmit: create,
                input { name: "employee-name", placeholder: tr(lang(), "person-name"), value: "{name}", oninput: move |e| name.set(e.value()) }
                input { name: "employee-email", r#type: "email", placeholder: tr(lang(), "email"), value: "{email}", oninput: move |e| email.set(e.value()) }
                input { name: "employee-password", r#type: "password", autocomplete: "new-password", placeholder: tr(lang(), "password"), value: "{password}", oninput: move |e| password.set(e.value()) }
                button { class: "primary", r#type: "submit", {tr(lang(), "create")} }
            }
        }
    }
}

#[component]
fn EmployeeRow(employee: StaffMember, groups: Vec<Group>, on_changed: EventHandler<()>, on_error: EventHandler<String>) -> Element {
    let lang = use_lang();
    let mut new_password = use_signal(String::new);
    let id = employee.id.clone();
    let disabled = employee.disabled;

    let toggle = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            async move {
                match api::people::staff::set_employee_disabled(id, !disabled).await {
                    Ok(()) => on_changed.call(()),
                    Err(e) => on_error.call(error_text(lang(), &e)),
                }
            }
        }
    };
    let is_bot = employee.is_bot;
    let toggle_bot = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            async move {
                match api::people::staff::set_employee_bot(id, !is_bot).await {
                    Ok(()) => on_changed.call(()),
                    Err(e) => on_error.call(error_text(lang(), &e)),
                }
            }
        }
    };
    let change_password = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            async move {
                let password = new_password();
                if let Err(problem) = check_password(&password) {
                    on_error.call(problem_text(lang(), &problem));
                    return;
                }
                match api::people::staff::set_employee_password(id, password).await {
                    Ok(()) => {
                        new_password.set(String::new());
                        on_changed.call(());
                    }
                    Err(e) => on_error.call(error_text(lang(), &e)),
                }
            }
        }
    };

    rsx! {
        div { class: if disabled { "group-card employee disabled" } else { "group-card employee" }, "data-employee": "{employee.id}",
            h3 { "{employee.name} " span { class: "muted", "{employee.email}" }
                if is_bot { " " span { class: "badge", {tr(lang(), "bot-badge")} } }
            }
            div { class: "room-grants",
                for group in groups {
                    {
                        let member = employee.groups.contains(&group.id);
                        let (employee_id, current, group_id) = (id.clone(), employee.groups.clone(), group.id.clone());
                        rsx! {
                            label { key: "{group.id}", class: "grant",
                                input {
                                    r#type: "checkbox",
                                    "data-group": "{group.id}",
                                    checked: member,
                                    onchange: move |e: FormEvent| {
                                        let (employee_id, group_id) = (employee_id.clone(), group_id.clone());
                                        let mut next: Vec<String> = current.iter().filter(|g| **g != group_id).cloned().collect();
                                        if e.checked() { next.push(group_id); }
                                        async move {
                                            match api::people::staff::set_employee_groups(employee_id, next).await {
                                                Ok(()) => on_changed.call(()),
                                                Err(e) => { on_error.call(error_text(lang(), &e)); on_changed.call(()); }
                                            }
                                        }
                                    },
                                }
                                " {group.name}"
                            }
                        }
                    }
                }
            }
            div { class: "inline-form",
                button { class: "ghost toggle-disabled", onclick: toggle,
                    if disabled { {tr(lang(), "enable")} } else { {tr(lang(), "disable")} }
                }
                label { class: "grant", input { r#type: "checkbox", class: "is-bot", checked: is_bot, onchange: toggle_bot } " {tr(lang(), \"bot\")}" }
                input { r#type: "password", autocomplete: "new-password", class: "new-password", placeholder: tr(lang(), "new-password"),
                    value: "{new_password}", oninput: move |e| new_password.set(e.value()) }
                button { class: "ghost", onclick: change_password, {tr(lang(), "change-password")} }
            }
        }
    }
}
