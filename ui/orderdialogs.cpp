#include "orderdialogs.h"

#include <QJsonObject>
#include <QMenu>
#include <QWidget>

#include "api/apiclient.h"
#include "importwizard.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"
#include "orderdialog.h"
#include "ordersdelegate.h"
#include "realtime/connectionmanager.h"
#include "reasondialog.h"
#include "sync/orderactions.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr int kMessageMs = 6000;

bool carries(const QString &status)
{
    return status == "assigned"_L1 || status == "picked_up"_L1 || status == "in_transit"_L1;
}

} // namespace

OrderDialogs::OrderDialogs(OrderActions *actions, ApiClient *api, ConnectionManager *connection,
    Workspace *workspace, QWidget *window)
    : QObject(window)
    , m_actions(actions)
    , m_api(api)
    , m_workspace(workspace)
    , m_window(window)
    , m_role(connection ? connection->role() : QString())
{
    if (connection)
        connect(connection, &ConnectionManager::authenticated, this,
            [this](const QString &, const QString &role) { m_role = role; });
    if (m_actions) {
        connect(m_actions, &OrderActions::reassignFinished, this,
            [this](const QString &from, const QString &to, const QList<OrderActionResult> &results,
                const QString &message) {
                if (!message.isEmpty()) {
                    Q_EMIT messageRequested(
                        tr("Orders of %1 not moved: %2").arg(driverLabel(from), message),
                        kMessageMs);
                    return;
                }
                const auto moved = std::count_if(results.begin(), results.end(),
                    [](const OrderActionResult &r) { return r.ok; });
                const QString target = to.isEmpty() ? tr("no driver") : driverLabel(to);
                Q_EMIT messageRequested(moved == results.size()
                        ? tr("Moved %n order(s) of %1 to %2.", nullptr, int(moved))
                              .arg(driverLabel(from), target)
                        : tr("Moved %1 of %2 orders of %3 to %4; the others changed meanwhile.")
                              .arg(moved)
                              .arg(results.size())
                              .arg(driverLabel(from), target),
                    kMessageMs);
            });
    }
}

OrderDialogs::~OrderDialogs() = default;

bool OrderDialogs::isManager() const
{
    return m_role == "manager"_L1;
}

bool OrderDialogs::needsReason(OrderStatus status)
{
    return status == OrderStatus::Cancelled || status == OrderStatus::Failed;
}

QString OrderDialogs::driverLabel(const QString &id) const
{
    DriversTableModel *drivers = m_workspace->drivers();
    const int row = drivers->rowOf(id);
    const QString name = row >= 0 ? drivers->rowAt(row).value("name"_L1).toString() : QString();
    return name.isEmpty() ? id : tr("%1 (%2)").arg(name, id);
}

OrderDialog *OrderDialogs::newOrder()
{
    auto *dialog = new OrderDialog(m_actions, m_workspace->regions(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OrderDialog::saved, this, [this](const QString &, const QString &message) {
        Q_EMIT messageRequested(message, kMessageMs);
    });
    dialog->open();
    return dialog;
}

OrderDialog *OrderDialogs::editOrder(const QString &id)
{
    if (!m_actions || m_actions->cachedOrder(id).isEmpty())
        return nullptr;
    auto *dialog = new OrderDialog(m_actions, id, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OrderDialog::saved, this, [this](const QString &, const QString &message) {
        Q_EMIT messageRequested(message, kMessageMs);
    });
    dialog->open();
    return dialog;
}

ReasonDialog *OrderDialogs::changeStatusWithReason(const QStringList &ids, OrderStatus status)
{
    if (ids.isEmpty() || !m_actions)
        return nullptr;
    const QString label = OrdersDelegate::statusLabel(status);
    auto *dialog = new ReasonDialog(tr("%1: why?").arg(label),
        ids.size() == 1 ? tr("Order %1 becomes %2.").arg(ids.first(), label)
                        : tr("%1 orders become %2.").arg(ids.size()).arg(label),
        ReasonDialog::suggestionsFor(status), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids, status] {
        const bool started = ids.size() == 1
            ? m_actions->setStatus(ids.first(), status, dialog->reason())
            : m_actions->setStatusBulk(ids, status, dialog->reason());
        handedOver(started, ids);
    });
    dialog->open();
    return dialog;
}

void OrderDialogs::handedOver(bool started, const QStringList &ids)
{
    if (started)
        Q_EMIT statusChangeStarted(ids);
    else
        Q_EMIT messageRequested(
            tr("Not connected: nothing was changed. Changes need a live connection."), kMessageMs);
}

ReasonDialog *OrderDialogs::correctStatus(const QString &id)
{
    if (!m_actions || !isManager())
        return nullptr;
    const QJsonObject row = m_actions->cachedOrder(id);
    const auto current = orderStatusFromString(row.value("status"_L1).toString());
    if (!current || !isFinal(*current))
        return nullptr;
    QList<OrderStatus> targets;
    const bool hasDriver = row.value("driverId"_L1).isString();
    for (OrderStatus s :
        { OrderStatus::New, OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
            OrderStatus::Delivered, OrderStatus::Cancelled, OrderStatus::Failed }) {
        // A driver's states need the driver the order has (the server says the same).
        const bool driverState =
            s == OrderStatus::Assigned || s == OrderStatus::PickedUp || s == OrderStatus::InTransit;
        if (s != *current && (!driverState || hasDriver))
            targets.append(s);
    }
    auto *dialog = new ReasonDialog(tr("Correct status of %1").arg(id),
        tr("Order %1 is %2. Correct it to another state; the correction and its reason are kept "
           "in the order's history.")
            .arg(id, OrdersDelegate::statusLabel(*current)),
        ReasonDialog::suggestionsFor(OrderStatus::New), m_window);
    dialog->setObjectName(u"correctStatusDialog"_s);
    dialog->offerStatuses(targets);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 version = row.value("version"_L1).toInteger();
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, version] {
        const auto s = dialog->status();
        handedOver(s && m_actions->setStatus(id, *s, version, dialog->reason()), { id });
    });
    dialog->open();
    return dialog;
}

ReasonDialog *OrderDialogs::reassignAll(const QString &driverId)
{
    if (!m_actions || driverId.isEmpty())
        return nullptr;
    int carried = 0;
    QString region;
    for (const Order &o : m_workspace->orders()->orders()) {
        if (o.driverId == driverId && !isFinal(o.status) && o.status != OrderStatus::New) {
            ++carried;
            region = o.region;
        }
    }
    // The other active drivers, the carrier's region first.
    QList<std::pair<QString, QString>> same;
    QList<std::pair<QString, QString>> others;
    for (const QJsonObject &d : m_workspace->drivers()->rows()) {
        const QString id = d.value("id"_L1).toString();
        if (id == driverId || d.value("active"_L1) == QJsonValue(false))
            continue;
        (d.value("region"_L1).toString() == region ? same : others).append({ id, driverLabel(id) });
    }
    auto *dialog = new ReasonDialog(tr("Reassign orders of %1").arg(driverLabel(driverId)),
        tr("%n open order(s) of %1 (assigned, picked up or in transit) go to another driver.",
            nullptr, carried)
            .arg(driverLabel(driverId)),
        { tr("Driver went home"), tr("Vehicle breakdown"), tr("Driver unwell"),
            tr("Rebalancing the region") },
        m_window);
    dialog->setObjectName(u"reassignDialog"_s);
    dialog->offerDrivers(same + others, tr("No driver (back to unassigned)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, driverId] {
        if (!m_actions->reassignAll(driverId, dialog->driverId(), dialog->reason()))
            handedOver(false, {});
    });
    dialog->open();
    return dialog;
}

ImportWizard *OrderDialogs::importCsv()
{
    auto *wizard = new ImportWizard(m_api, m_window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ImportWizard::imported, this, [this](const OrdersApi::ImportReport &report) {
        if (report.created > 0)
            Q_EMIT messageRequested(tr("Imported %n order(s) (%1 to %2).", nullptr, report.created)
                                        .arg(report.firstId, report.lastId),
                kMessageMs);
    });
    wizard->open();
    return wizard;
}

void OrderDialogs::addToMenu(QMenu *menu, const QStringList &ids)
{
    if (ids.size() != 1 || !m_actions)
        return;
    const QString id = ids.first();
    const QJsonObject row = m_actions->cachedOrder(id);
    if (row.isEmpty())
        return;
    const bool live = m_actions->isAvailable();
    const auto status = orderStatusFromString(row.value("status"_L1).toString());
    QAction *edit = menu->addAction(tr("&Edit order…"), this, [this, id] { editOrder(id); });
    edit->setObjectName(u"editOrder"_s);
    edit->setEnabled(live);
    if (status && isFinal(*status) && isManager()) {
        QAction *correct =
            menu->addAction(tr("&Correct status…"), this, [this, id] { correctStatus(id); });
        correct->setObjectName(u"correctStatus"_s);
        correct->setEnabled(live);
    }
    const QString driver = row.value("driverId"_L1).toString();
    if (!driver.isEmpty() && carries(row.value("status"_L1).toString())) {
        QAction *move = menu->addAction(tr("&Reassign all orders of %1…").arg(driverLabel(driver)),
            this, [this, driver] { reassignAll(driver); });
        move->setObjectName(u"reassignAll"_s);
        move->setEnabled(live);
    }
}

} // namespace Ops
