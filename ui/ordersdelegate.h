#pragma once

#include <QStyledItemDelegate>

#include "protocol/order.h"

namespace Ops {

//! \brief Paints the orders table: a fading tint on rows that just changed, a marker on statuses
//! the server has not confirmed, status colours readable on light and dark palettes; edits the
//! status column with a combo of the transitions the lifecycle allows.
//!
//! The tint is computed at paint time from the row's ChangedAtRole, so animating it costs only
//! viewport repaints, never a dataChanged.
class OrdersDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersDelegate)

public:
    //! How long a changed row stays tinted.
    static constexpr int kFadeMs = 2000;

    explicit OrdersDelegate(QObject *parent = nullptr);
    ~OrdersDelegate() override;

    //! Statuses an order in \a from may be moved to by a dispatcher.
    [[nodiscard]] static QList<OrderStatus> nextStatuses(OrderStatus from);
    [[nodiscard]] static QString statusLabel(OrderStatus status);
    //! A status colour that reads well on \a background.
    [[nodiscard]] static QColor readable(const QColor &color, const QColor &background);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

Q_SIGNALS:
    //! The dispatcher picked \a status for order \a id in the inline editor.
    void statusChosen(const QString &id, Ops::OrderStatus status) const;
};

} // namespace Ops
