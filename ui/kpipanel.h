#pragma once

#include <QList>

#include "dashpanel.h"

class QChart;
class QChartView;
class QDateTimeAxis;
class QFrame;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace Ops {

class KpisModel;
class KpiTimelineModel;
class QueryClient;

//! \brief KPI tiles readable from across a desk (open orders, in transit, delivered today,
//! late, at risk, drivers online, on-time %, payments today) and a chart of orders created and
//! delivered per 15 minutes since UTC midnight.
class KpiPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KpiPanel)

public:
    explicit KpiPanel(QueryClient *queries, QWidget *parent = nullptr);
    ~KpiPanel() override;

    [[nodiscard]] KpisModel *model() const { return m_kpis; }
    [[nodiscard]] KpiTimelineModel *timelineModel() const { return m_timeline; }
    //! The text a tile shows (KpisModel::Kpi), for tests.
    [[nodiscard]] QString tileText(int kpi) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshTile(int kpi);
    void refreshChart();
    void applyChartTheme();

    KpisModel *m_kpis;
    KpiTimelineModel *m_timeline;
    QList<QFrame *> m_tiles;
    QList<QLabel *> m_values;
    QList<QLabel *> m_captions;
    QChartView *m_chartView;
    QLineSeries *m_created;
    QLineSeries *m_delivered;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
};

} // namespace Ops
