#include "orderdetailpanel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "driverinfopane.h"
#include "models/driverstablemodel.h"
#include "models/orderhistorymodel.h"
#include "models/orderstablemodel.h"
#include "models/paymentstablemodel.h"
#include "models/workspace.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionMode(QAbstractItemView::NoSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace

OrderDetailPanel::OrderDetailPanel(Workspace *workspace, QWidget *parent)
    : DashPanel(parent)
    , m_orders(workspace->orders())
    , m_drivers(workspace->drivers())
    , m_history(new OrderHistoryModel(workspace->queries(), this))
    , m_payments(new PaymentsTableModel(workspace->queries(), this))
    , m_stack(new QStackedWidget(this))
    , m_title(new QLabel(this))
{
    setObjectName(u"orderDetailPanel"_s);
    setWindowTitle(tr("Order"));

    auto *empty = new QLabel(tr("Select an order to see its details, history and payments."));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(empty);

    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(u"orderTitle"_s);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    auto *edit = new QPushButton(tr("&Edit…"));
    edit->setObjectName(u"editOrder"_s);
    edit->setToolTip(tr("Change addresses, due time, contact, notes or amount"));
    connect(edit, &QPushButton::clicked, this, [this] {
        if (!m_orderId.isEmpty())
            Q_EMIT editRequested(m_orderId);
    });
    header->addWidget(edit);
    layout->addLayout(header);
    auto *form = new QFormLayout;
    const std::pair<QString, QString> fields[] = {
        { u"status"_s, tr("Status") },
        { u"driver"_s, tr("Driver") },
        { u"customer"_s, tr("Customer") },
        { u"region"_s, tr("Region") },
        { u"pickup"_s, tr("Pick-up") },
        { u"dropoff"_s, tr("Drop-off") },
        { u"dueAt"_s, tr("Due") },
        { u"left"_s, tr("Time left") },
        { u"eta"_s, tr("ETA") },
        { u"contactName"_s, tr("Contact") },
        { u"contactPhone"_s, tr("Phone") },
        { u"notes"_s, tr("Notes") },
        { u"externalRef"_s, tr("Reference") },
        { u"amount"_s, tr("Amount") },
        { u"updatedAt"_s, tr("Updated") },
    };
    for (const auto &[name, label] : fields) {
        auto *value = new QLabel;
        value->setObjectName(name + u"Value"_s);
        value->setTextFormat(Qt::PlainText); // a customer's "<b>" is text, not markup
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        form->addRow(label, value);
        m_fields.insert(name, value);
    }
    // A click on the number hands it to the desktop's phone app (QDesktopServices, tel:).
    QLabel *phone = m_fields.value(u"contactPhone"_s);
    phone->setTextFormat(Qt::RichText);
    phone->setTextInteractionFlags(Qt::TextBrowserInteraction);
    phone->setOpenExternalLinks(true);
    // The driver's phone, as call and SMS links, after the name.
    QLabel *driver = m_fields.value(u"driver"_s);
    driver->setTextFormat(Qt::RichText);
    driver->setTextInteractionFlags(Qt::TextBrowserInteraction);
    driver->setOpenExternalLinks(true);
    layout->addLayout(form);

    auto *historyLabel = new QLabel(tr("History"));
    historyLabel->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(historyLabel);
    m_historyView = makeTable(m_history, page);
    m_historyView->setObjectName(u"historyView"_s);
    layout->addWidget(m_historyView, 2);

    auto *paymentsLabel = new QLabel(tr("Payments"));
    paymentsLabel->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(paymentsLabel);
    m_paymentsNote = new QLabel;
    m_paymentsNote->setWordWrap(true);
    m_paymentsNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_paymentsNote);
    m_paymentsView = makeTable(m_payments, page);
    m_paymentsView->setObjectName(u"paymentsView"_s);
    layout->addWidget(m_paymentsView, 1);
    // On a short screen the details scroll instead of forcing the window taller than it.
    page->setMinimumHeight(page->minimumSizeHint().height());
    auto *scroll = new QScrollArea;
    scroll->setObjectName(u"orderScroll"_s);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->viewport()->setAutoFillBackground(false);
    scroll->setWidget(page);
    m_stack->addWidget(scroll);
    contentLayout()->addWidget(m_stack);

    auto onRowsChanged = [this] { refreshFields(); };
    connect(m_orders, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to) {
            const int row = m_orders->rowOf(m_orderId);
            if (row >= from.row() && row <= to.row())
                refreshFields();
        });
    connect(m_orders, &QAbstractItemModel::rowsInserted, this, onRowsChanged);
    connect(m_orders, &QAbstractItemModel::rowsRemoved, this, onRowsChanged);
    connect(m_orders, &QAbstractItemModel::modelReset, this, onRowsChanged);
    // The driver's phone is the driver row's: an edit there shows here (not on clock ticks).
    connect(m_drivers, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
            const int row = m_orders->rowOf(m_orderId);
            const int driver = row < 0 ? -1 : m_drivers->rowOf(m_orders->orders().at(row).driverId);
            if (driver >= from.row() && driver <= to.row()
                && (roles.isEmpty() || roles.contains(DriversTableModel::PhoneRole)))
                refreshFields();
        });
    connect(m_drivers, &QAbstractItemModel::rowsInserted, this, onRowsChanged);
    connect(
        m_payments, &JsonRowsModel::statusChanged, this, &OrderDetailPanel::refreshPaymentsState);
    connect(m_payments, &QAbstractItemModel::rowsInserted, this,
        &OrderDetailPanel::refreshPaymentsState);
    connect(m_history, &QAbstractItemModel::rowsInserted, m_historyView,
        &QTableView::resizeColumnsToContents);
    refreshFields();
}

OrderDetailPanel::~OrderDetailPanel() = default;

QString OrderDetailPanel::fieldText(const QString &field) const
{
    const QLabel *label = m_fields.value(field);
    return label ? label->text() : QString();
}

void OrderDetailPanel::selectOrder(const QString &id)
{
    if (id == m_orderId)
        return;
    m_orderId = id;
    m_history->setOrderId(id);
    m_payments->setOrderId(id);
    refreshFields();
    refreshPaymentsState();
}

void OrderDetailPanel::refreshFields()
{
    const int row = m_orders ? m_orders->rowOf(m_orderId) : -1;
    if (m_orderId.isEmpty()) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    if (row < 0) {
        m_title->setText(m_orderId);
        for (QLabel *label : std::as_const(m_fields))
            label->setText(tr("–"));
        return;
    }
    auto text = [this, row](int column) {
        return m_orders->index(row, column).data(Qt::DisplayRole).toString();
    };
    const Order &o = m_orders->orders().at(row);
    m_title->setText(tr("%1 · %2").arg(o.id, o.customer));
    m_fields.value(u"status"_s)->setText(text(OrdersTableModel::StatusColumn));
    m_fields.value(u"driver"_s)->setText(driverText(o.driverId));
    m_fields.value(u"customer"_s)->setText(o.customer);
    m_fields.value(u"region"_s)->setText(o.region);
    m_fields.value(u"pickup"_s)->setText(o.pickup);
    m_fields.value(u"dropoff"_s)->setText(o.dropoff);
    const QString due = QLocale().toString(o.dueAt.toLocalTime(), QLocale::ShortFormat);
    QString when = due;
    if (o.windowStart.isValid()) {
        // A window within one day names the day once: "15 Jan 2027 07:00 – 08:00".
        const QDateTime from = o.windowStart.toLocalTime();
        const QDateTime to = o.dueAt.toLocalTime();
        when = tr("%1 – %2").arg(QLocale().toString(from, QLocale::ShortFormat),
            from.date() == to.date() ? QLocale().toString(to.time(), QLocale::ShortFormat) : due);
    }
    m_fields.value(u"dueAt"_s)->setText(when);
    const QString left = text(OrdersTableModel::LeftColumn);
    m_fields.value(u"left"_s)->setText(left.isEmpty() ? tr("–") : left);
    // "ETA 14:46 (+6 min)", and in words what "≈" and "+" mean.
    const QString eta = m_orders->etaText(o);
    m_fields.value(u"eta"_s)->setText(eta.isEmpty() ? tr("–") : eta);
    m_fields.value(u"eta"_s)->setToolTip(m_orders->etaDescription(o));
    const auto orDash = [](const QString &text) { return text.isEmpty() ? tr("–") : text; };
    m_fields.value(u"contactName"_s)->setText(orDash(o.contactName));
    m_fields.value(u"contactPhone"_s)->setText(phoneLink(o.contactPhone));
    m_fields.value(u"notes"_s)->setText(orDash(o.notes));
    m_fields.value(u"externalRef"_s)->setText(orDash(o.externalRef));
    m_fields.value(u"amount"_s)->setText(text(OrdersTableModel::AmountColumn));
    m_fields.value(u"updatedAt"_s)
        ->setText(tr("%1 (version %2)")
                      .arg(QLocale().toString(o.updatedAt.toLocalTime(), QLocale::ShortFormat))
                      .arg(o.version));
    QPalette p = m_fields.value(u"status"_s)->palette();
    p.setBrush(QPalette::WindowText,
        m_orders->index(row, OrdersTableModel::StatusColumn)
            .data(Qt::ForegroundRole)
            .value<QBrush>());
    m_fields.value(u"status"_s)->setPalette(p);
}

QString OrderDetailPanel::driverText(const QString &driverId) const
{
    if (driverId.isEmpty())
        return tr("none yet");
    QString text = tr("%1 (%2)").arg(m_orders->driverLabel(driverId), driverId).toHtmlEscaped();
    const int row = m_drivers ? m_drivers->rowOf(driverId) : -1;
    const QString phone = row < 0 ? QString() : m_drivers->rowAt(row).value("phone"_L1).toString();
    if (!DriversTableModel::dialString(phone).isEmpty())
        text += u" · "_s + DriverInfoPane::phoneLinks(phone);
    return text;
}

QString OrderDetailPanel::phoneLink(const QString &phone)
{
    if (phone.trimmed().isEmpty())
        return tr("–");
    // tel: takes the digits and a leading +; the text shows the number as it was entered.
    QString dial;
    for (const QChar c : phone) {
        if (c.isDigit() || (c == u'+' && dial.isEmpty()))
            dial.append(c);
    }
    if (dial.isEmpty())
        return phone.toHtmlEscaped();
    return u"<a href=\"tel:%1\">%2</a>"_s.arg(dial, phone.toHtmlEscaped());
}

void OrderDetailPanel::refreshPaymentsState()
{
    const QString error = m_payments->errorText();
    if (m_orderId.isEmpty()) {
        m_paymentsNote->clear();
    } else if (!error.isEmpty()) {
        m_paymentsNote->setText(tr("Payments are not available: %1").arg(error));
    } else if (m_payments->hasData() && m_payments->rowCount() == 0) {
        m_paymentsNote->setText(tr("No payments recorded for this order."));
    } else {
        m_paymentsNote->clear();
    }
    m_paymentsNote->setVisible(!m_paymentsNote->text().isEmpty());
    m_paymentsView->setVisible(m_payments->rowCount() > 0);
}

} // namespace Ops
