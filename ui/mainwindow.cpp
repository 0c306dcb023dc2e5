#include "mainwindow.h"

#include <QHeaderView>
#include <QStatusBar>
#include <QTime>

#include "connectionbadge.h"
#include "models/orderstablemodel.h"
#include "realtime/connectionmanager.h"
#include "ui_mainwindow.h"

using namespace Qt::StringLiterals;

namespace Ops {

MainWindow::MainWindow(OrdersTableModel *orders, ConnectionManager *connection, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_orders(orders)
    , m_badge(new ConnectionBadge(this))
    , m_connection(connection)
{
    m_ui->setupUi(this);
    QFont title = m_ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.4);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);

    m_proxy.setSourceModel(orders);
    m_proxy.setSortRole(OrdersTableModel::SortRole);
    m_proxy.setFilterKeyColumn(-1);
    m_proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_ui->ordersView->setModel(&m_proxy);
    m_ui->ordersView->sortByColumn(OrdersTableModel::DueColumn, Qt::AscendingOrder);
    m_ui->ordersView->verticalHeader()->hide();
    m_ui->ordersView->horizontalHeader()->setStretchLastSection(true);
    m_ui->ordersView->horizontalHeader()->setSectionResizeMode(
        OrdersTableModel::CustomerColumn, QHeaderView::Stretch);
    m_ui->ordersView->horizontalHeader()->setSectionResizeMode(
        OrdersTableModel::DropoffColumn, QHeaderView::Stretch);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, &m_proxy,
        [this](const QString &text) { m_proxy.setFilterFixedString(text); });

    m_badge->setConnection(connection);
    statusBar()->addPermanentWidget(m_badge);
    connect(m_badge, &ConnectionBadge::stateChanged, this, &MainWindow::updateFreshness);

    connect(orders, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCount);
    connect(orders, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCount);
    connect(orders, &QAbstractItemModel::modelReset, this, &MainWindow::updateCount);
    connect(&m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCount);
    connect(&m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCount);
    updateCount();
    updateFreshness();
}

MainWindow::~MainWindow() = default;

void MainWindow::showCaughtUp(qint64 replayed)
{
    // Explicit singular/plural: "%n update(s)" would show the "(s)" without a loaded translation.
    const QString message = replayed < 0 ? tr("Reconnected — refreshed everything from the server")
        : replayed == 0                  ? tr("Reconnected — nothing was missed")
        : replayed == 1                  ? tr("Reconnected — 1 update caught up")
                                         : tr("Reconnected — %1 updates caught up").arg(replayed);
    statusBar()->showMessage(message, 8000);
}

void MainWindow::updateCount()
{
    const int total = m_orders->rowCount();
    const int shown = m_proxy.rowCount();
    if (shown != total)
        m_ui->countLabel->setText(tr("%1 of %2 orders").arg(shown).arg(total));
    else
        m_ui->countLabel->setText(total == 1 ? tr("1 order") : tr("%1 orders").arg(total));
}

void MainWindow::updateFreshness()
{
    const bool live = m_badge->state() == ConnectionManager::State::Live;
    // When not live, say since when the table is unchanged, so nobody mistakes it for live.
    m_ui->titleLabel->setText(live
            ? tr("Orders")
            : tr("Orders — as of %1").arg(QTime::currentTime().toString(u"HH:mm:ss"_s)));
    m_ui->ordersView->setStyleSheet(
        live ? QString() : u"QTableView { background: palette(window); }"_s);
}

} // namespace Ops
