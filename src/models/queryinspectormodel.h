#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

#include "query/querycacheevent.h"
#include "query/querykey.h"

namespace Ops {

class QueryClient;

//! \brief Every query of a QueryClient as a table, for a developer's inspector (TanStack's
//! devtools): key, status, fetch status, observers, data age, last fetch duration and how often
//! it was invalidated. Kept up to date from the cache's events (QueryClient::cacheEvent) alone:
//! the cache does no bookkeeping for it, and nothing is paid while no inspector exists.
class QueryInspectorModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryInspectorModel)

public:
    enum Column {
        KeyColumn,
        StatusColumn,
        FetchStatusColumn,
        ObserversColumn,
        AgeColumn,
        FetchDurationColumn,
        InvalidationsColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        KeyRole = Qt::UserRole, //!< the QueryKey
        SortRole,
    };
    Q_ENUM(Role)

    explicit QueryInspectorModel(QueryClient *client, QObject *parent = nullptr);
    ~QueryInspectorModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    [[nodiscard]] int rowOf(const QueryKey &key) const { return m_index.value(key.hash(), -1); }
    [[nodiscard]] QueryKey keyAt(int row) const { return m_rows.at(row).key; }
    //! Duration of the last settled fetch in ms; -1 = none yet.
    [[nodiscard]] qint64 lastFetchMs(int row) const { return m_rows.at(row).lastFetchMs; }
    [[nodiscard]] int invalidations(int row) const { return m_rows.at(row).invalidations; }
    //! One line describing \a event ("Updated · Success · ["orders"]"), translated.
    [[nodiscard]] static QString describe(const QueryCacheEvent &event);

Q_SIGNALS:
    //! Every cache event, after the table took it in (the inspector's live stream).
    void eventSeen(const Ops::QueryCacheEvent &event);

private:
    struct Row
    {
        QueryKey key;
        qint64 fetchStartedAt = 0; //!< the client's clock, ms; 0 = not fetching
        qint64 lastFetchMs = -1;
        int invalidations = 0;
    };
    void onCacheEvent(const QueryCacheEvent &event);
    void add(const QueryKey &key);

    QPointer<QueryClient> m_client;
    QList<Row> m_rows;
    QHash<QByteArray, int> m_index;
};

} // namespace Ops
