#pragma once

#include <optional>

#include <QDialog>
#include <QList>

#include "protocol/order.h"

class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace Ops {

//! \brief Asks why: cancelling or failing orders, correcting a final state (with the state to
//! correct it to), moving a driver's orders. The reason goes into each order's history.
//!
//! The reason box offers the usual reasons for the change and takes any text; OK is enabled once
//! there is one (1 to MaxReasonLength characters, the server's limit). Opened with open(); the
//! caller acts on accepted().
class ReasonDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReasonDialog)

public:
    static constexpr int MaxReasonLength = 500;

    //! \a question says what is about to happen; \a suggestions are the usual reasons.
    ReasonDialog(const QString &title, const QString &question, const QStringList &suggestions,
        QWidget *parent = nullptr);
    ~ReasonDialog() override;

    //! Also asks for a status: one of \a statuses (correcting a final state).
    void offerStatuses(const QList<OrderStatus> &statuses);
    //! Also asks for a driver: \a drivers as (id, label) pairs; \a noneLabel stands for no driver.
    void offerDrivers(const QList<std::pair<QString, QString>> &drivers, const QString &noneLabel);

    [[nodiscard]] QString reason() const;
    void setReason(const QString &reason);
    [[nodiscard]] std::optional<OrderStatus> status() const;
    void setStatus(OrderStatus status);
    //! The chosen driver's id; empty for "no driver".
    [[nodiscard]] QString driverId() const;
    void setDriverId(const QString &id);
    [[nodiscard]] bool canAccept() const;

    //! The usual reasons for moving an order to \a status, in the user's language.
    [[nodiscard]] static QStringList suggestionsFor(OrderStatus status);

private:
    void updateOk();

    QLabel *m_question;
    QComboBox *m_status = nullptr;
    QComboBox *m_driver = nullptr;
    QComboBox *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace Ops
