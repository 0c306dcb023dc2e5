#include "alertspanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "awaybanner.h"
#include "models/alertstablemodel.h"
#include "models/alerttext.h"
#include "sync/awayalerts.h"

using namespace Qt::StringLiterals;

namespace Ops {

AlertsPanel::AlertsPanel(QueryClient *queries, AlertActions *actions, QWidget *parent)
    : DashPanel(parent)
    , m_actions(actions)
    , m_model(new AlertsTableModel(queries, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_ack(new QPushButton(tr("Acknowledge"), this))
    , m_resolve(new QPushButton(tr("Resolve"), this))
    , m_snooze(new QToolButton(this))
{
    setObjectName(u"alertsPanel"_s);
    setWindowTitle(tr("Alerts"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AlertsTableModel::SortRole);
    m_proxy->setDynamicSortFilter(true);
    m_view->setObjectName(u"alertsView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertsTableModel::SeverityColumn, Qt::DescendingOrder);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(
        AlertsTableModel::MessageColumn, QHeaderView::Stretch);
    // Receipts are read at a glance: as wide as the longest (an inbox holds tens of alerts).
    m_view->horizontalHeader()->setSectionResizeMode(
        AlertsTableModel::ReceiptsColumn, QHeaderView::ResizeToContents);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

    m_ack->setObjectName(u"acknowledgeButton"_s);
    m_resolve->setObjectName(u"resolveButton"_s);
    m_snooze->setObjectName(u"snoozeButton"_s);
    m_snooze->setText(tr("Snooze"));
    m_snooze->setPopupMode(QToolButton::MenuButtonPopup);
    m_snooze->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *menu = new QMenu(m_snooze);
    const std::pair<int, QString> choices[] = {
        { 15, tr("15 minutes") },
        { 60, tr("1 hour") },
        { 240, tr("4 hours") },
        { 1440, tr("1 day") },
    };
    for (const auto &[minutes, label] : choices) {
        connect(menu->addAction(label), &QAction::triggered, this, [this, minutes = minutes] {
            const int saved = m_snoozeMinutes;
            m_snoozeMinutes = minutes;
            run(Action::Snooze, selectedAlert());
            m_snoozeMinutes = saved;
        });
    }
    m_snooze->setMenu(menu);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_ack);
    buttons->addWidget(m_resolve);
    buttons->addWidget(m_snooze);
    buttons->addStretch(1);
    contentLayout()->addLayout(buttons);
    contentLayout()->addWidget(m_view, 1);

    connect(
        m_ack, &QPushButton::clicked, this, [this] { run(Action::Acknowledge, selectedAlert()); });
    connect(
        m_resolve, &QPushButton::clicked, this, [this] { run(Action::Resolve, selectedAlert()); });
    connect(
        m_snooze, &QToolButton::clicked, this, [this] { run(Action::Snooze, selectedAlert()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &AlertsPanel::onSelectionChanged);
    // The current row changes before the selection does: the buttons follow the selection.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &AlertsPanel::updateButtons);
    connect(m_view, &QAbstractItemView::pressed, this, [this](const QModelIndex &index) {
        opened(index.data(AlertsTableModel::IdRole).toString());
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertsPanel::onRowsArrived);
    connect(m_model, &JsonRowsModel::statusChanged, this, &AlertsPanel::onRowsArrived);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AlertsPanel::updateButtons);
    if (m_actions) {
        connect(m_actions, &AlertActions::pendingChanged, this, &AlertsPanel::updateButtons);
        connect(m_actions, &AlertActions::actionFailed, this,
            [this](const QString &id, Action, const QString &message) {
                if (!m_mine.contains(id))
                    return;
                Q_EMIT actionFailed(id, message);
                Q_EMIT statusMessage(tr("%1: %2").arg(id, message));
            });
        connect(m_actions, &AlertActions::actionSettled, this,
            [this](const QString &id, Action, bool ok) {
                if (m_mine.remove(id))
                    Q_EMIT actionSettled(id, ok);
            });
    }
    onRowsArrived();
    updateButtons();
}

AlertsPanel::~AlertsPanel() = default;

QString AlertsPanel::selectedAlert() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()
        || !m_view->selectionModel()->isRowSelected(current.row(), current.parent()))
        return {};
    return current.data(AlertsTableModel::IdRole).toString();
}

void AlertsPanel::setActionsEnabled(bool enabled)
{
    m_actionsEnabled = enabled;
    updateButtons();
}

void AlertsPanel::selectOrder(const QString &id)
{
    selectSubject(id);
}

void AlertsPanel::selectDriver(const QString &id)
{
    selectSubject(id);
}

void AlertsPanel::selectSubject(const QString &subjectId)
{
    // Highlight the first alert about that order or driver, without announcing it back.
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(AlertsTableModel::SubjectRole).toString() == subjectId) {
            const QSignalBlocker blocker(m_view->selectionModel());
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            updateButtons();
            return;
        }
    }
}

bool AlertsPanel::run(Action action, const QString &id)
{
    if (!m_actionsEnabled || !m_actions || !m_actions->run(action, id, m_snoozeMinutes))
        return false;
    m_mine.insert(id);
    return true;
}

void AlertsPanel::setAwayAlerts(AwayAlerts *away)
{
    if (m_banner || !away)
        return;
    m_away = away;
    m_banner = new AwayBanner(away, this);
    contentLayout()->insertWidget(0, m_banner);
    connect(m_banner, &AwayBanner::alertActivated, this, &AlertsPanel::openAlert);
    connect(away, &AwayAlerts::fetched, this, [this](bool ok, int added) {
        if (ok && added > 0)
            Q_EMIT statusMessage(tr("%n alert(s) raised while you were away", nullptr, added));
    });
}

bool AlertsPanel::openAlert(const QString &id)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, AlertsTableModel::MessageColumn);
        if (index.data(AlertsTableModel::IdRole).toString() == id) {
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            opened(id);
            return true;
        }
    }
    // Not in the inbox (snoozed or handled meanwhile): looked at all the same.
    opened(id);
    return false;
}

void AlertsPanel::opened(const QString &id)
{
    if (id.isEmpty())
        return;
    if (m_actions)
        m_actions->markSeen(id);
    if (m_away)
        m_away->markLookedAt(id);
}

void AlertsPanel::onSelectionChanged()
{
    updateButtons();
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    // Moving through the inbox with the keyboard opens each alert; a row that becomes current
    // because another one left the inbox has not been looked at.
    if (m_view->hasFocus())
        opened(current.data(AlertsTableModel::IdRole).toString());
    const QString subject = current.data(AlertsTableModel::SubjectRole).toString();
    if (subject.startsWith("ORD-"_L1))
        Q_EMIT orderActivated(subject);
    else if (subject.startsWith("DRV-"_L1))
        Q_EMIT driverActivated(subject);
}

void AlertsPanel::onRowsArrived()
{
    if (!m_model->hasData())
        return;
    if (!m_baselined) {
        // Everything present at the first load is known already: notify only what comes later.
        m_baselined = true;
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_seen.insert(m_model->idAt(row));
        return;
    }
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString id = m_model->idAt(row);
        if (m_seen.contains(id))
            continue;
        m_seen.insert(id);
        const QJsonObject &alert = m_model->rowAt(row);
        if (alert.value("severity"_L1).toString() != "critical"_L1)
            continue;
        const QString message = AlertText::message(alert);
        Q_EMIT alertNotified(id, message);
        Q_EMIT statusMessage(tr("Critical alert: %1").arg(message));
    }
}

void AlertsPanel::updateButtons()
{
    const QString id = selectedAlert();
    const auto usable = [this, &id](Action action) {
        return m_actionsEnabled && m_actions && m_actions->canRun(action, id);
    };
    m_ack->setEnabled(usable(Action::Acknowledge));
    m_resolve->setEnabled(usable(Action::Resolve));
    m_snooze->setEnabled(usable(Action::Snooze));
    const QString why = m_actionsEnabled ? QString() : tr("Actions are off while not live");
    m_ack->setToolTip(why);
    m_resolve->setToolTip(why);
    m_snooze->setToolTip(why);
}

} // namespace Ops
