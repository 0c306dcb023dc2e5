#include "drivereditdialog.h"

#include <algorithm>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "driverconflictdialog.h"
#include "sync/driveractions.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

const QStringList kFields { u"name"_s, u"phone"_s, u"vehicle"_s, u"region"_s };

} // namespace

DriverEditDialog::DriverEditDialog(DriverActions *actions, const QString &id, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
    , m_id(id)
    , m_shown(id.isEmpty() ? QJsonObject() : actions->cachedDriver(id))
    , m_name(new QLineEdit(this))
    , m_phone(new QLineEdit(this))
    , m_vehicle(new QLineEdit(this))
    , m_region(new QComboBox(this))
    , m_general(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"driverEditDialog"_s);
    setWindowTitle(
        id.isEmpty() ? tr("Add driver") : tr("Edit %1").arg(m_shown.value("name"_L1).toString()));
    m_name->setObjectName(u"nameEdit"_s);
    m_name->setMaxLength(100);
    m_phone->setObjectName(u"phoneEdit"_s);
    m_phone->setPlaceholderText(tr("e.g. +44 20 7946 0018"));
    m_vehicle->setObjectName(u"vehicleEdit"_s);
    m_vehicle->setMaxLength(100);
    m_vehicle->setPlaceholderText(tr("e.g. Cargo bike 3"));
    m_region->setObjectName(u"regionBox"_s);
    m_region->setEditable(true);
    m_region->addItems(actions->knownRegions());
    if (m_shown.isEmpty()) {
        m_region->setCurrentIndex(-1);
        m_region->setEditText(QString());
    } else {
        m_name->setText(m_shown.value("name"_L1).toString());
        m_phone->setText(m_shown.value("phone"_L1).toString());
        m_vehicle->setText(m_shown.value("vehicle"_L1).toString());
        m_region->setEditText(m_shown.value("region"_L1).toString());
    }

    auto *form = new QFormLayout;
    const QList<std::pair<QString, QWidget *>> rows { { tr("&Name"), m_name },
        { tr("&Phone"), m_phone }, { tr("&Vehicle"), m_vehicle }, { tr("&Region"), m_region } };
    for (qsizetype i = 0; i < rows.size(); ++i) {
        auto *error = new QLabel(this);
        error->setObjectName(kFields.at(i) + u"Error"_s);
        error->setWordWrap(true);
        QPalette p = error->palette();
        p.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
        error->setPalette(p);
        error->hide();
        m_errors.insert(kFields.at(i), error);
        auto *cell = new QVBoxLayout;
        cell->setSpacing(2);
        cell->addWidget(rows.at(i).second);
        cell->addWidget(error);
        auto *label = new QLabel(rows.at(i).first, this);
        label->setBuddy(rows.at(i).second);
        form->addRow(label, cell);
    }
    m_general->setObjectName(u"generalError"_s);
    m_general->setWordWrap(true);
    m_general->setPalette(m_errors.value(u"name"_s)->palette());
    m_general->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_general);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DriverEditDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(420, sizeHint().height());
}

DriverEditDialog::~DriverEditDialog() = default;

QString DriverEditDialog::fieldError(const QString &field) const
{
    const QLabel *label = m_errors.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

QString DriverEditDialog::generalError() const
{
    return m_general->isHidden() ? QString() : m_general->text();
}

QJsonObject DriverEditDialog::enteredFields() const
{
    const QJsonObject entered { { "name"_L1, m_name->text().trimmed() },
        { "phone"_L1, m_phone->text().trimmed() }, { "vehicle"_L1, m_vehicle->text().trimmed() },
        { "region"_L1, m_region->currentText().trimmed() } };
    if (m_shown.isEmpty())
        return entered;
    QJsonObject changed; // an edit sends what changed, nothing else
    for (auto it = entered.begin(); it != entered.end(); ++it) {
        if (m_shown.value(it.key()).toString() != it.value().toString())
            changed.insert(it.key(), it.value());
    }
    return changed;
}

void DriverEditDialog::save()
{
    clearErrors();
    const QJsonObject fields = enteredFields();
    if (fields.isEmpty()) { // an unchanged edit: nothing to send
        reject();
        return;
    }
    send(fields, m_shown.value("version"_L1).toInteger());
}

void DriverEditDialog::send(const QJsonObject &fields, qint64 version)
{
    setBusy(true);
    auto done = [this, fields](const DriverActionResult &r) { onAnswer(fields, r); };
    const bool sent = m_id.isEmpty() ? m_actions->create(fields, this, done)
                                     : m_actions->edit(m_id, fields, version, this, done);
    if (!sent) {
        setBusy(false);
        m_general->setText(tr("Not connected to the server."));
        m_general->show();
    }
}

void DriverEditDialog::onAnswer(const QJsonObject &fields, const DriverActionResult &result)
{
    setBusy(false);
    if (result.ok) {
        m_id = result.driver.value("id"_L1).toString();
        Q_EMIT saved(m_id, result.driver);
        accept();
        return;
    }
    if (result.kind == ErrorKind::Conflict && !result.driver.isEmpty()) {
        QJsonObject yours = m_shown;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            yours.insert(it.key(), it.value());
        auto *conflict = new DriverConflictDialog(yours, result.driver, this);
        conflict->setAttribute(Qt::WA_DeleteOnClose);
        m_conflict = conflict;
        const QJsonObject current = result.driver;
        connect(conflict, &QDialog::accepted, this, [this, fields, current] {
            m_shown = current; // the same change, on what is there now
            send(fields, current.value("version"_L1).toInteger());
        });
        connect(conflict, &QDialog::rejected, this, &QDialog::reject);
        conflict->open();
        Q_EMIT conflictShown(yours, current);
        return;
    }
    if (QLabel *at = m_errors.value(result.field)) {
        at->setText(result.message);
        at->show();
        growToFit();
        QWidget *input = result.field == "name"_L1 ? static_cast<QWidget *>(m_name)
            : result.field == "phone"_L1           ? static_cast<QWidget *>(m_phone)
            : result.field == "vehicle"_L1         ? static_cast<QWidget *>(m_vehicle)
                                                   : static_cast<QWidget *>(m_region);
        input->setFocus();
        return;
    }
    m_general->setText(result.message);
    m_general->show();
    growToFit();
}

void DriverEditDialog::growToFit()
{
    layout()->activate();
    const int needed = std::max(sizeHint().height(), heightForWidth(width()));
    resize(width(), std::max(height(), needed));
}

void DriverEditDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors))
        label->hide();
    m_general->hide();
}

void DriverEditDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Save)->setText(busy ? tr("Saving…") : tr("&Save"));
}

} // namespace Ops
