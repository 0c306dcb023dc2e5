#include "reasondialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ordersdelegate.h"

using namespace Qt::StringLiterals;

namespace Ops {

ReasonDialog::ReasonDialog(
    const QString &title, const QString &question, const QStringList &suggestions, QWidget *parent)
    : QDialog(parent)
    , m_question(new QLabel(question, this))
    , m_reason(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"reasonDialog"_s);
    setWindowTitle(title);
    m_question->setTextFormat(Qt::PlainText);
    m_question->setWordWrap(true);
    m_reason->setObjectName(u"reason"_s);
    m_reason->setEditable(true);
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_reason->addItems(suggestions);
    m_reason->setCurrentIndex(-1);
    m_reason->lineEdit()->setMaxLength(MaxReasonLength);
    m_reason->lineEdit()->setPlaceholderText(tr("Why? (kept in the order's history)"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_question);
    auto *form = new QFormLayout;
    form->setObjectName(u"fields"_s);
    form->addRow(tr("&Reason:"), m_reason);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    connect(m_reason, &QComboBox::currentTextChanged, this, &ReasonDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canAccept())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
    updateOk();
}

ReasonDialog::~ReasonDialog() = default;

void ReasonDialog::offerStatuses(const QList<OrderStatus> &statuses)
{
    if (!m_status) {
        m_status = new QComboBox(this);
        m_status->setObjectName(u"status"_s);
        auto *form = findChild<QFormLayout *>(u"fields"_s);
        form->insertRow(0, tr("&Correct to:"), m_status);
    }
    m_status->clear();
    for (OrderStatus s : statuses)
        m_status->addItem(OrdersDelegate::statusLabel(s), int(s));
    updateOk();
}

void ReasonDialog::offerDrivers(
    const QList<std::pair<QString, QString>> &drivers, const QString &noneLabel)
{
    if (!m_driver) {
        m_driver = new QComboBox(this);
        m_driver->setObjectName(u"driver"_s);
        auto *form = findChild<QFormLayout *>(u"fields"_s);
        form->insertRow(0, tr("&To:"), m_driver);
    }
    m_driver->clear();
    for (const auto &[id, label] : drivers)
        m_driver->addItem(label, id);
    m_driver->addItem(noneLabel, QString());
    updateOk();
}

QString ReasonDialog::reason() const
{
    return m_reason->currentText().trimmed();
}

void ReasonDialog::setReason(const QString &reason)
{
    m_reason->setCurrentText(reason);
}

std::optional<OrderStatus> ReasonDialog::status() const
{
    if (!m_status || m_status->currentIndex() < 0)
        return std::nullopt;
    return OrderStatus(m_status->currentData().toInt());
}

void ReasonDialog::setStatus(OrderStatus status)
{
    if (m_status)
        m_status->setCurrentIndex(m_status->findData(int(status)));
}

QString ReasonDialog::driverId() const
{
    return m_driver ? m_driver->currentData().toString() : QString();
}

void ReasonDialog::setDriverId(const QString &id)
{
    if (m_driver)
        m_driver->setCurrentIndex(m_driver->findData(id));
}

bool ReasonDialog::canAccept() const
{
    const QString text = reason();
    return !text.isEmpty() && text.size() <= MaxReasonLength && (!m_status || status())
        && (!m_driver || m_driver->currentIndex() >= 0);
}

void ReasonDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canAccept());
}

QStringList ReasonDialog::suggestionsFor(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Cancelled:
        return { tr("Customer cancelled"), tr("Duplicate order"), tr("Shop cannot supply"),
            tr("Entered by mistake") };
    case OrderStatus::Failed:
        return { tr("Customer not at home"), tr("Address not found"), tr("Refused at the door"),
            tr("Damaged in transit"), tr("Vehicle breakdown") };
    default:
        return { tr("Wrong status recorded"), tr("Driver reported it late"),
            tr("Customer confirmed by phone") };
    }
}

} // namespace Ops
