#include "driverspanel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "models/driverstablemodel.h"
#include "models/workspace.h"

using namespace Qt::StringLiterals;

namespace Ops {

DriversPanel::DriversPanel(Workspace *workspace, QWidget *parent)
    : DashPanel(parent)
    , m_model(workspace->drivers())
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
{
    setObjectName(u"driversPanel"_s);
    setWindowTitle(tr("Drivers"));
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
    contentLayout()->addWidget(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DriversPanel::onCurrentChanged);
    connect(m_view, &QTableView::activated, this, &DriversPanel::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        m_view->resizeColumnsToContents();
        m_proxy->sort(m_view->horizontalHeader()->sortIndicatorSection(),
            m_view->horizontalHeader()->sortIndicatorOrder());
    });
}

DriversPanel::~DriversPanel() = default;

QString DriversPanel::selectedDriver() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.data(DriversTableModel::IdRole).toString() : QString();
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
}

void DriversPanel::onCurrentChanged()
{
    if (m_following)
        return;
    const QString id = selectedDriver();
    if (!id.isEmpty())
        Q_EMIT driverActivated(id);
}

} // namespace Ops
