#include "driverspanel.h"

#include <algorithm>
#include <utility>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "devicekeydialog.h"
#include "drivereditdialog.h"
#include "driverhistorydialog.h"
#include "driverinfopane.h"
#include "models/driverstablemodel.h"
#include "models/workspace.h"
#include "noticelabel.h"
#include "sync/driveractions.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriversPanel::DriversPanel(Workspace *workspace, QWidget *parent)
    : DashPanel(parent)
    , m_model(workspace->drivers())
    , m_queries(workspace->queries())
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_toolbar(new QWidget(this))
    , m_add(new QPushButton(tr("&Add driver…"), m_toolbar))
    , m_edit(new QPushButton(tr("&Edit…"), m_toolbar))
    , m_active(new QPushButton(tr("&Deactivate"), m_toolbar))
    , m_register(new QPushButton(tr("Register &phone…"), m_toolbar))
    , m_history(new QPushButton(tr("&History…"), this))
    , m_notice(new NoticeLabel(this))
    , m_info(new DriverInfoPane(this))
{
    setObjectName(u"driversPanel"_s);
    setWindowTitle(tr("Drivers"));
    const int staleAfter = QSettings().value(QLatin1StringView(staleAfterSetting), 120).toInt();
    m_model->setStaleAfter(std::chrono::seconds(std::max(10, staleAfter)));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DriversTableModel::SortRole);
    // Presence and last-seen change every tick; a proxy that re-sorts on every dataChanged
    // would move rows under the pointer. Sort on demand (header click) instead.
    m_proxy->setDynamicSortFilter(false);
    m_view->setObjectName(u"driversView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DriversTableModel::NameColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);

    m_add->setObjectName(u"addDriverButton"_s);
    m_edit->setObjectName(u"editDriverButton"_s);
    m_active->setObjectName(u"activeDriverButton"_s);
    m_register->setObjectName(u"registerPhoneButton"_s);
    m_history->setObjectName(u"driverHistoryButton"_s);
    m_toolbar->setObjectName(u"driverManagement"_s);
    auto *manage = new QHBoxLayout(m_toolbar);
    manage->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *b : { m_add, m_edit, m_active, m_register })
        manage->addWidget(b);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_toolbar);
    buttons->addStretch();
    buttons->addWidget(m_history);
    m_toolbar->hide(); // managers only, once DriverActions says so

    contentLayout()->addLayout(buttons);
    contentLayout()->addWidget(m_view, 1);
    contentLayout()->addWidget(m_notice);
    m_info->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    contentLayout()->addWidget(m_info);

    connect(m_add, &QPushButton::clicked, this, &DriversPanel::addDriver);
    connect(m_edit, &QPushButton::clicked, this, &DriversPanel::editDriver);
    connect(m_active, &QPushButton::clicked, this, &DriversPanel::toggleActive);
    connect(m_register, &QPushButton::clicked, this, &DriversPanel::registerPhone);
    connect(m_history, &QPushButton::clicked, this, &DriversPanel::showHistory);
    connect(m_info, &DriverInfoPane::revokeRequested, this, &DriversPanel::revokePhone);
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (managementShown())
            editDriver();
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DriversPanel::onCurrentChanged);
    connect(m_view, &QTableView::activated, this, &DriversPanel::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        m_view->resizeColumnsToContents();
        // Room for the longest age the clock will write there ("GPS 59 min old").
        m_view->setColumnWidth(DriversTableModel::GpsColumn,
            std::max(m_view->columnWidth(DriversTableModel::GpsColumn),
                m_view->fontMetrics().horizontalAdvance(DriversTableModel::staleText(59 * 60))
                    + 16));
        m_proxy->sort(m_view->horizontalHeader()->sortIndicatorSection(),
            m_view->horizontalHeader()->sortIndicatorOrder());
        if (!m_selectWhenListed.isEmpty() && m_model->rowOf(m_selectWhenListed) >= 0)
            selectDriver(std::exchange(m_selectWhenListed, QString()));
    });
    // The selected driver's line follows its row (an edit, a phone, a new position, the clock).
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to) {
            const int row = m_model->rowOf(selectedDriver());
            if (row >= from.row() && row <= to.row())
                refreshInfo();
        });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DriversPanel::refreshInfo);
    refreshActions();
    refreshInfo();
}

DriversPanel::~DriversPanel() = default;

void DriversPanel::setActions(DriverActions *actions)
{
    if (m_actions)
        m_actions->disconnect(this);
    m_actions = actions;
    if (actions)
        connect(actions, &DriverActions::canManageChanged, this, &DriversPanel::refreshActions);
    refreshActions();
    refreshInfo();
}

bool DriversPanel::managementShown() const
{
    return m_actions && m_actions->canManage();
}

QString DriversPanel::selectedDriver() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.data(DriversTableModel::IdRole).toString() : QString();
}

QString DriversPanel::selectedName() const
{
    const int row = m_model->rowOf(selectedDriver());
    return row < 0 ? QString() : m_model->rowAt(row).value("name"_L1).toString();
}

void DriversPanel::selectDriver(const QString &id)
{
    const int row = m_model->rowOf(id);
    m_following = true;
    if (row < 0) {
        m_view->selectionModel()->clear();
    } else {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
    }
    m_following = false;
    refreshActions();
    refreshInfo();
}

void DriversPanel::onCurrentChanged()
{
    refreshActions();
    refreshInfo();
    if (m_following)
        return;
    const QString id = selectedDriver();
    if (!id.isEmpty())
        Q_EMIT driverActivated(id);
}

void DriversPanel::refreshActions()
{
    const bool manage = managementShown();
    m_toolbar->setVisible(manage);
    const int row = m_model->rowOf(selectedDriver());
    const bool selected = row >= 0;
    const bool active = selected && m_model->rowAt(row).value("active"_L1).toBool(true);
    m_edit->setEnabled(selected);
    m_active->setEnabled(selected);
    m_active->setText(!selected || active ? tr("&Deactivate") : tr("&Reactivate"));
    m_register->setEnabled(active); // a deactivated driver gets no phone
    m_history->setEnabled(selected);
}

void DriversPanel::refreshInfo()
{
    const int row = m_model->rowOf(selectedDriver());
    if (row < 0) {
        m_info->showDriver({}, std::nullopt, false, false, false);
        return;
    }
    const QJsonObject &driver = m_model->rowAt(row);
    m_info->showDriver(driver, m_model->positionAge(driver), m_model->isStale(driver),
        m_model->index(row, 0).data(DriversTableModel::LowBatteryRole).toBool(), managementShown());
    refreshActions();
}

void DriversPanel::addDriver()
{
    if (!managementShown())
        return;
    auto *dialog = new DriverEditDialog(m_actions, QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DriverEditDialog::saved, this, [this](const QString &id) {
        if (m_model->rowOf(id) >= 0)
            selectDriver(id);
        else
            m_selectWhenListed = id; // the list shows it in a moment
    });
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

void DriversPanel::editDriver()
{
    const QString id = selectedDriver();
    if (!managementShown() || id.isEmpty())
        return;
    auto *dialog = new DriverEditDialog(m_actions, id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

void DriversPanel::toggleActive()
{
    const QString id = selectedDriver();
    const int row = m_model->rowOf(id);
    if (!managementShown() || row < 0)
        return;
    const bool active = m_model->rowAt(row).value("active"_L1).toBool(true);
    if (active
        && QMessageBox::question(this, tr("Deactivate driver"),
               tr("Deactivate %1 (%2)? The driver keeps its history but cannot be assigned, and "
                  "its phones' reports are refused until reactivated.")
                   .arg(selectedName(), id))
            != QMessageBox::Yes)
        return;
    const bool sent =
        m_actions->setActive(id, !active, this, [this, active](const DriverActionResult &result) {
            if (result.ok)
                return; // the row says so
            // Refused with open orders: the server's words name them.
            QMessageBox::warning(
                this, active ? tr("Not deactivated") : tr("Not reactivated"), result.message);
        });
    if (!sent)
        m_notice->showNotice(tr("Not connected to the server."));
}

void DriversPanel::registerPhone()
{
    const QString id = selectedDriver();
    if (!managementShown() || id.isEmpty())
        return;
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Register phone"),
        tr("A name for the phone, so you can tell it apart later (e.g. \"%1's phone\"):")
            .arg(selectedName()),
        QLineEdit::Normal, tr("%1's phone").arg(selectedName()), &ok);
    if (!ok)
        return;
    const QString name = selectedName();
    const bool sent =
        m_actions->registerDevice(id, label, this, [this, name](const DriverActionResult &result) {
            if (!result.ok) {
                QMessageBox::warning(this, tr("Phone not registered"), result.message);
                return;
            }
            auto *dialog = new DeviceKeyDialog(name, result.device.value("label"_L1).toString(),
                result.deviceKey, m_actions->osmandUrl(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
            Q_EMIT dialogOpened(dialog);
        });
    if (!sent)
        m_notice->showNotice(tr("Not connected to the server."));
}

void DriversPanel::revokePhone(const QString &driverId, const QString &deviceId)
{
    if (!managementShown())
        return;
    if (QMessageBox::question(this, tr("Revoke phone"),
            tr("Revoke %1? Its reports are refused from now on; to use the phone again, "
               "register it again and enter the new key.")
                .arg(deviceId))
        != QMessageBox::Yes)
        return;
    const bool sent =
        m_actions->revokeDevice(driverId, deviceId, this, [this](const DriverActionResult &result) {
            if (!result.ok)
                m_notice->showNotice(result.message);
        });
    if (!sent)
        m_notice->showNotice(tr("Not connected to the server."));
}

void DriversPanel::showHistory()
{
    const QString id = selectedDriver();
    if (id.isEmpty())
        return;
    auto *dialog = new DriverHistoryDialog(m_queries, id, selectedName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

} // namespace Ops
