#include "queryinspector.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>

#include "models/queryinspectormodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Ops {

QueryInspector::QueryInspector(QueryClient *queries, QWidget *parent)
    : QWidget(parent)
    , m_queries(queries)
    , m_model(new QueryInspectorModel(queries, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_events(new QListWidget(this))
    , m_summary(new QLabel(this))
    , m_refetch(new QPushButton(tr("Re&fetch"), this))
    , m_invalidate(new QPushButton(tr("&Invalidate"), this))
    , m_reset(new QPushButton(tr("R&eset"), this))
{
    setObjectName(u"queryInspector"_s);
    setWindowTitle(tr("Query inspector"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(QueryInspectorModel::SortRole);
    m_table->setObjectName(u"queryTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(QueryInspectorModel::KeyColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(
        QueryInspectorModel::KeyColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    m_events->setObjectName(u"queryEvents"_s);
    m_events->setUniformItemSizes(true);
    m_refetch->setObjectName(u"refetchQuery"_s);
    m_invalidate->setObjectName(u"invalidateQuery"_s);
    m_reset->setObjectName(u"resetQuery"_s);
    m_refetch->setToolTip(tr("Fetch the selected query again now"));
    m_invalidate->setToolTip(tr("Mark the selected query stale; active queries fetch again"));
    m_reset->setToolTip(tr("Forget the selected query's data and state; active queries fetch "
                           "again"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_refetch);
    buttons->addWidget(m_invalidate);
    buttons->addWidget(m_reset);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_table);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *streamLabel = new QLabel(tr("Cache events (newest first)"), bottom);
    streamLabel->setStyleSheet(u"font-weight: bold"_s);
    bottomLayout->addWidget(streamLabel);
    bottomLayout->addWidget(m_events);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    const auto selected = [this](auto act) {
        return [this, act] {
            const int row = selectedRow();
            if (row >= 0)
                act(QueryFilter::exactly(m_model->keyAt(row)));
        };
    };
    connect(m_refetch, &QPushButton::clicked, this,
        selected([this](const QueryFilter &f) { m_queries->refetchQueries(f); }));
    connect(m_invalidate, &QPushButton::clicked, this,
        selected([this](const QueryFilter &f) { m_queries->invalidateQueries(f); }));
    connect(m_reset, &QPushButton::clicked, this,
        selected([this](const QueryFilter &f) { m_queries->resetQueries(f); }));
    connect(m_model, &QueryInspectorModel::eventSeen, this, &QueryInspector::onEvent);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &QueryInspector::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueryInspector::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &QueryInspector::updateButtons);
    // Data ages move with the clock, not with events: repaint once a second.
    m_ageTick.setInterval(1s);
    connect(&m_ageTick, &QTimer::timeout, m_table->viewport(), qOverload<>(&QWidget::update));
    m_ageTick.start();
    updateButtons();
}

QueryInspector::~QueryInspector() = default;

int QueryInspector::selectedRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_proxy->mapToSource(rows.first()).row();
}

void QueryInspector::selectKey(const QString &keyText)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->keyAt(row).toString() == keyText) {
            m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
            return;
        }
    }
}

void QueryInspector::onEvent(const QueryCacheEvent &event)
{
    m_events->insertItem(0,
        tr("%1  %2").arg(QTime::currentTime().toString(u"HH:mm:ss.zzz"_s),
            QueryInspectorModel::describe(event)));
    while (m_events->count() > kMaxEvents)
        delete m_events->takeItem(m_events->count() - 1);
    if (event.type == QueryCacheEvent::Type::Added || event.type == QueryCacheEvent::Type::Removed)
        updateButtons();
}

void QueryInspector::updateButtons()
{
    const bool any = selectedRow() >= 0;
    m_refetch->setEnabled(any);
    m_invalidate->setEnabled(any);
    m_reset->setEnabled(any);
    const int queries = m_model->rowCount();
    m_summary->setText(
        queries == 1 ? tr("1 query in the cache") : tr("%1 queries in the cache").arg(queries));
}

} // namespace Ops
