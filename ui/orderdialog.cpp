#include "orderdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

#include "protocol/orderfields.h"
#include "sync/orderactions.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The server names a position by either of its keys; the form has one editor for both.
QString editorField(const QString &field)
{
    if (field == "pickupLon"_L1)
        return u"pickupLat"_s;
    if (field == "lon"_L1)
        return u"lat"_s;
    return field;
}

QDateTime nextQuarterHour(const QDateTime &t)
{
    const qint64 quarter = 15 * 60;
    const qint64 secs = t.toSecsSinceEpoch();
    return QDateTime::fromSecsSinceEpoch((secs / quarter + 1) * quarter);
}

QDateTimeEdit *timeEditor(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    edit->setTimeSpec(Qt::LocalTime);
    return edit;
}

} // namespace

OrderDialog::OrderDialog(OrderActions *actions, const QStringList &regions, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
{
    setWindowTitle(tr("New order"));
    build(regions);
    OrderForm form;
    form.region = regions.value(0);
    form.dueAt = nextQuarterHour(QDateTime::currentDateTime().addSecs(3600));
    fill(form);
    connectEditors();
    revalidate();
}

OrderDialog::OrderDialog(OrderActions *actions, const QString &id, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
    , m_id(id)
    , m_opened(actions ? actions->cachedOrder(id) : QJsonObject())
{
    setWindowTitle(tr("Edit order %1").arg(id));
    const OrderForm form = OrderForm::fromRow(m_opened);
    build({ form.region });
    fill(form);
    // What identifies the order is not edited: a wrong customer is a new order.
    m_customer->setReadOnly(true);
    m_region->setEnabled(false);
    m_externalRef->setReadOnly(true);
    connectEditors();
    revalidate();
    if (m_opened.isEmpty())
        setBusy(false, tr("Order %1 is not in the list any more.").arg(id));
}

OrderDialog::~OrderDialog() = default;

void OrderDialog::build(const QStringList &regions)
{
    setObjectName(isEdit() ? u"editOrderDialog"_s : u"newOrderDialog"_s);
    auto *layout = new QVBoxLayout(this);
    const auto section = [this, layout](const QString &title) {
        auto *box = new QGroupBox(title, this);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        layout->addWidget(box);
        return form;
    };
    // Each editor with its problem line under it, both in the form's field column.
    const auto row = [this](QFormLayout *form, const QString &label, QWidget *editor,
                         const QString &field, const QString &placeholder = {}) {
        auto *cell = new QWidget(this);
        auto *v = new QVBoxLayout(cell);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        v->addWidget(editor);
        auto *problem = new QLabel(cell);
        problem->setObjectName(u"problem_"_s + field);
        problem->setTextFormat(Qt::PlainText);
        problem->setWordWrap(true);
        QPalette p = problem->palette();
        p.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
        problem->setPalette(p);
        problem->hide();
        v->addWidget(problem);
        m_problemLabels.insert(field, problem);
        if (auto *line = qobject_cast<QLineEdit *>(editor); line && !placeholder.isEmpty())
            line->setPlaceholderText(placeholder);
        editor->setObjectName(field);
        form->addRow(label, cell);
    };

    QFormLayout *who = section(tr("Customer"));
    m_customer = new QLineEdit(this);
    m_customer->setMaxLength(int(OrderFields::MaxNameLength));
    row(who, tr("&Customer:"), m_customer, u"customer"_s);
    m_contactName = new QLineEdit(this);
    m_contactName->setMaxLength(int(OrderFields::MaxNameLength));
    row(who, tr("Contact &name:"), m_contactName, u"contactName"_s, tr("optional"));
    m_contactPhone = new QLineEdit(this);
    m_contactPhone->setMaxLength(int(OrderFields::MaxPhoneLength));
    row(who, tr("Contact &phone:"), m_contactPhone, u"contactPhone"_s, tr("+44 20 7946 0000"));
    m_externalRef = new QLineEdit(this);
    m_externalRef->setMaxLength(int(OrderFields::MaxRefLength));
    row(who, tr("&Reference:"), m_externalRef, u"externalRef"_s,
        tr("the shop's order number (optional; keeps an order from being entered twice)"));

    QFormLayout *where = section(tr("Route"));
    m_region = new QComboBox(this);
    m_region->setEditable(true);
    m_region->addItems(regions);
    row(where, tr("Re&gion:"), m_region, u"region"_s);
    m_pickup = new QLineEdit(this);
    row(where, tr("Pick&up:"), m_pickup, u"pickup"_s, tr("address"));
    m_pickupPosition = new QLineEdit(this);
    row(where, tr("Pickup position:"), m_pickupPosition, u"pickupLat"_s,
        tr("latitude, longitude (optional)"));
    m_dropoff = new QLineEdit(this);
    row(where, tr("&Drop-off:"), m_dropoff, u"dropoff"_s, tr("address"));
    m_dropoffPosition = new QLineEdit(this);
    row(where, tr("Drop-off position:"), m_dropoffPosition, u"lat"_s,
        tr("latitude, longitude (optional)"));

    QFormLayout *when = section(tr("Time and amount"));
    m_due = timeEditor(this);
    row(when, tr("D&ue by:"), m_due, u"dueAt"_s);
    auto *windowCell = new QWidget(this);
    auto *windowRow = new QHBoxLayout(windowCell);
    windowRow->setContentsMargins(0, 0, 0, 0);
    m_hasWindow = new QCheckBox(tr("not before"), windowCell);
    m_hasWindow->setObjectName(u"hasWindow"_s);
    m_windowStart = timeEditor(windowCell);
    m_windowStart->setObjectName(u"windowStartEdit"_s);
    windowRow->addWidget(m_hasWindow);
    windowRow->addWidget(m_windowStart, 1);
    row(when, tr("Delivery &window:"), windowCell, u"windowStart"_s);
    m_amount = new QLineEdit(this);
    row(when, tr("&Amount:"), m_amount, u"amountCents"_s, tr("24.82"));
    m_notes = new QPlainTextEdit(this);
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 4);
    row(when, tr("N&otes:"), m_notes, u"notes"_s);

    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(
        isEdit() ? tr("&Save changes") : tr("&Create order"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(u"save"_s);
    m_save->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, &OrderDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    if (m_actions) {
        connect(m_actions, &OrderActions::orderCreated, this, &OrderDialog::onCreated);
        connect(m_actions, &OrderActions::createFailed, this, &OrderDialog::onCreateFailed);
        connect(m_actions, &OrderActions::editConfirmed, this, &OrderDialog::onEditConfirmed);
        connect(m_actions, &OrderActions::editFailed, this, &OrderDialog::onEditFailed);
        connect(m_actions, &OrderActions::editConflict, this, &OrderDialog::onEditConflict);
    }
    setMinimumWidth(460);
}

void OrderDialog::fill(const OrderForm &f)
{
    m_customer->setText(f.customer);
    m_region->setCurrentText(f.region);
    m_pickup->setText(f.pickup);
    m_pickupPosition->setText(f.pickupPosition);
    m_dropoff->setText(f.dropoff);
    m_dropoffPosition->setText(f.dropoffPosition);
    m_due->setDateTime(f.dueAt.isValid() ? f.dueAt.toLocalTime() : QDateTime::currentDateTime());
    m_hasWindow->setChecked(f.windowStart.isValid());
    m_windowStart->setDateTime(
        f.windowStart.isValid() ? f.windowStart.toLocalTime() : m_due->dateTime().addSecs(-3600));
    m_windowStart->setEnabled(f.windowStart.isValid());
    m_amount->setText(f.amount);
    m_contactName->setText(f.contactName);
    m_contactPhone->setText(f.contactPhone);
    m_notes->setPlainText(f.notes);
    m_externalRef->setText(f.externalRef);
}

void OrderDialog::connectEditors()
{
    const auto line = [this](QLineEdit *edit) {
        connect(edit, &QLineEdit::textEdited, this, [this, edit] { touched(edit->objectName()); });
    };
    for (QLineEdit *edit : { m_customer, m_pickup, m_pickupPosition, m_dropoff, m_dropoffPosition,
             m_amount, m_contactName, m_contactPhone, m_externalRef })
        line(edit);
    connect(m_region, &QComboBox::currentTextChanged, this, [this] { touched(u"region"_s); });
    connect(m_due, &QDateTimeEdit::dateTimeChanged, this, [this] { touched(u"dueAt"_s); });
    connect(m_windowStart, &QDateTimeEdit::dateTimeChanged, this,
        [this] { touched(u"windowStart"_s); });
    connect(m_hasWindow, &QCheckBox::toggled, this, [this](bool on) {
        m_windowStart->setEnabled(on);
        touched(u"windowStart"_s);
    });
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] { touched(u"notes"_s); });
}

OrderForm OrderDialog::form() const
{
    OrderForm f;
    f.customer = m_customer->text();
    f.region = m_region->currentText();
    f.pickup = m_pickup->text();
    f.pickupPosition = m_pickupPosition->text();
    f.dropoff = m_dropoff->text();
    f.dropoffPosition = m_dropoffPosition->text();
    f.dueAt = m_due->dateTime();
    if (m_hasWindow->isChecked())
        f.windowStart = m_windowStart->dateTime();
    f.amount = m_amount->text();
    f.contactName = m_contactName->text();
    f.contactPhone = m_contactPhone->text();
    f.notes = m_notes->toPlainText();
    f.externalRef = m_externalRef->text();
    // Minutes are what the editor shows: an unchanged due time must compare equal to the row's.
    if (isEdit()) {
        const OrderForm opened = OrderForm::fromRow(m_opened);
        if (opened.dueAt.isValid()
            && f.dueAt.toSecsSinceEpoch() / 60 == opened.dueAt.toSecsSinceEpoch() / 60)
            f.dueAt = opened.dueAt;
        if (opened.windowStart.isValid() && f.windowStart.isValid()
            && f.windowStart.toSecsSinceEpoch() / 60 == opened.windowStart.toSecsSinceEpoch() / 60)
            f.windowStart = opened.windowStart;
    }
    return f;
}

void OrderDialog::setForm(const OrderForm &form)
{
    fill(form);
    revalidate();
}

QString OrderDialog::problemAt(const QString &field) const
{
    const QLabel *label = m_problemLabels.value(editorField(field));
    return label && !label->isHidden() ? label->text() : QString();
}

QString OrderDialog::statusText() const
{
    return m_status->text();
}

void OrderDialog::touched(const QString &field)
{
    m_touched.insert(field);
    revalidate();
}

QList<OrderForm::Problem> OrderDialog::currentProblems() const
{
    const OrderForm f = form();
    QList<OrderForm::Problem> problems = f.problems(QDateTime::currentDateTimeUtc());
    if (isEdit()) {
        // An order's due time is checked against now only when it moves (as on the server).
        const QDateTime opened = OrderForm::fromRow(m_opened).dueAt;
        problems.removeIf([&](const OrderForm::Problem &p) {
            return p.field == "dueAt"_L1 && f.dueAt == opened && opened.isValid();
        });
    }
    return problems;
}

void OrderDialog::revalidate()
{
    for (QLabel *label : std::as_const(m_problemLabels)) {
        label->clear();
        label->hide();
    }
    const QList<OrderForm::Problem> problems = currentProblems();
    for (const OrderForm::Problem &p : problems) {
        if (m_tried || m_touched.contains(p.field))
            showProblem(p.field, p.message);
    }
    if (problems.isEmpty() && m_attention) {
        m_attention = false;
        m_status->clear();
    }
}

void OrderDialog::showProblem(const QString &field, const QString &message)
{
    QLabel *label = m_problemLabels.value(editorField(field));
    if (!label) {
        m_status->setText(message);
        return;
    }
    label->setText(message);
    label->show();
}

void OrderDialog::setBusy(bool busy, const QString &status)
{
    m_busy = busy;
    m_save->setEnabled(!busy);
    m_status->setText(status);
}

void OrderDialog::submit()
{
    if (m_busy)
        return;
    m_tried = true;
    revalidate();
    const QList<OrderForm::Problem> problems = currentProblems();
    if (!problems.isEmpty()) {
        m_status->setText(problems.size() == 1
                ? tr("One field needs attention.")
                : tr("%1 fields need attention.").arg(problems.size()));
        m_attention = true;
        if (QWidget *editor = findChild<QWidget *>(editorField(problems.first().field)))
            editor->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (!m_actions || !m_actions->isAvailable()) {
        m_status->setText(tr("Not connected: nothing was sent. Saving needs a live connection."));
        return;
    }
    const OrderForm f = form();
    if (isEdit()) {
        const QJsonObject changes = f.changesFrom(m_actions->cachedOrder(m_id));
        if (changes.isEmpty()) {
            Q_EMIT saved(m_id, tr("Nothing changed in %1.").arg(m_id));
            accept();
            return;
        }
        if (m_actions->editOrder(m_id, changes))
            setBusy(true, tr("Saving…"));
        else
            m_status->setText(tr("Order %1 is not in the list any more.").arg(m_id));
        return;
    }
    const QJsonObject body = f.createBody();
    // The same body keeps its key (a retry is the same order); another body is another order.
    if (body != m_sentBody || m_key.isEmpty()) {
        m_key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        m_sentBody = body;
    }
    if (m_actions->createOrder(body, m_key))
        setBusy(true, tr("Creating…"));
}

void OrderDialog::onCreated(
    const QByteArray &key, const QString &id, const QJsonObject &order, bool existed)
{
    if (key != m_key || !m_busy)
        return;
    setBusy(false);
    if (existed) {
        // Nothing was written: the reference is an order already. Say which, and stay open.
        m_status->setText(tr("Reference %1 is order %2 already (%3); nothing was created.")
                              .arg(order.value("externalRef"_L1).toString(), id,
                                  order.value("customer"_L1).toString()));
        m_key.clear();
        return;
    }
    Q_EMIT saved(id, tr("Order %1 created.").arg(id));
    accept();
}

void OrderDialog::onCreateFailed(
    const QByteArray &key, const QString &field, const QString &message)
{
    if (key != m_key || !m_busy)
        return;
    setBusy(false);
    if (!field.isEmpty() && m_problemLabels.contains(editorField(field))) {
        showProblem(field, message);
        m_status->setText(tr("The server refused the order; see the marked field."));
        return;
    }
    m_status->setText(tr("Not created: %1").arg(message));
}

void OrderDialog::onEditConfirmed(const QString &id)
{
    if (id != m_id || !m_busy)
        return;
    setBusy(false);
    Q_EMIT saved(id, tr("Order %1 saved.").arg(id));
    accept();
}

void OrderDialog::onEditFailed(const QString &id, const QString &field, const QString &message)
{
    if (id != m_id || !m_busy)
        return;
    setBusy(false);
    if (!field.isEmpty() && m_problemLabels.contains(editorField(field))) {
        showProblem(field, message);
        m_status->setText(tr("The server refused the change; see the marked field."));
        return;
    }
    m_status->setText(tr("Not saved: %1").arg(message));
}

void OrderDialog::onEditConflict(const QString &id, const QJsonObject &, const QJsonObject &current)
{
    if (id != m_id || !m_busy)
        return;
    setBusy(false);
    m_opened = current;
    m_status->setText(tr("Someone else changed this order meanwhile (now version %1). Your values "
                         "are still in the form; Save applies them to the current version.")
                          .arg(current.value("version"_L1).toInteger()));
}

} // namespace Ops
