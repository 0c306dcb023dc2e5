#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Ops {

class QueryClient;
class QueryInspectorModel;
struct QueryCacheEvent;

//! \brief The query inspector (developer tool, after TanStack's devtools): every cached query
//! with its state, the live stream of cache events, and refetch / invalidate / reset for the
//! selected query. It reads the cache and its events only.
class QueryInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueryInspector)

public:
    explicit QueryInspector(QueryClient *queries, QWidget *parent = nullptr);
    ~QueryInspector() override;

    [[nodiscard]] QueryInspectorModel *model() const { return m_model; }
    [[nodiscard]] QListWidget *eventList() const { return m_events; }
    //! Selects the query with \a key (for tests and a link from elsewhere).
    void selectKey(const QString &keyText);

    static constexpr int kMaxEvents = 500;

private:
    void onEvent(const QueryCacheEvent &event);
    void updateButtons();
    [[nodiscard]] int selectedRow() const;

    QueryClient *m_queries;
    QueryInspectorModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QListWidget *m_events;
    QLabel *m_summary;
    QPushButton *m_refetch;
    QPushButton *m_invalidate;
    QPushButton *m_reset;
    QTimer m_ageTick;
};

} // namespace Ops
