#pragma once

#include <QByteArray>
#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>

#include "models/orderform.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Ops {

class OrderActions;

//! \brief New order (Ctrl+N) and Edit order: a form checked as the dispatcher types (OrderForm,
//! the server's own field rules), the server's refusal shown at the field it names.
//!
//! A new order is sent with an `Idempotency-Key` that stays the same while the form does, so
//! pressing Save again after a timeout never makes a second order. An edit sends only the fields
//! that changed, against the version shown; the table shows the change at once (OrderActions is
//! optimistic) and the dialog closes when the server took it. When another change reached the
//! server first, the form keeps the dispatcher's values and says so; Save then applies them to
//! the current version. Customer, region and reference cannot be edited.
class OrderDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDialog)

public:
    //! A new order; \a regions are offered in the region box (the first is preselected).
    OrderDialog(OrderActions *actions, const QStringList &regions, QWidget *parent = nullptr);
    //! Edit order \a id as the orders list shows it.
    OrderDialog(OrderActions *actions, const QString &id, QWidget *parent = nullptr);
    ~OrderDialog() override;

    [[nodiscard]] bool isEdit() const { return !m_id.isEmpty(); }
    [[nodiscard]] QString orderId() const { return m_id; }
    //! What the editors hold now.
    [[nodiscard]] OrderForm form() const;
    void setForm(const OrderForm &form);
    //! The problem shown at \a field (named as the server names it), empty when none.
    [[nodiscard]] QString problemAt(const QString &field) const;
    //! The line under the form: saving, a conflict, a refusal not about one field.
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QPushButton *saveButton() const { return m_save; }

    //! Checks the form and sends it (what Save does).
    void submit();

Q_SIGNALS:
    //! The server took the order (created, found by its reference, or edited).
    void saved(const QString &id, const QString &message);

private:
    void build(const QStringList &regions);
    void fill(const OrderForm &form);
    void connectEditors();
    void touched(const QString &field);
    void revalidate();
    void showProblem(const QString &field, const QString &message);
    void setBusy(bool busy, const QString &status = {});
    void onCreated(
        const QByteArray &key, const QString &id, const QJsonObject &order, bool existed);
    void onCreateFailed(const QByteArray &key, const QString &field, const QString &message);
    void onEditConfirmed(const QString &id);
    void onEditFailed(const QString &id, const QString &field, const QString &message);
    void onEditConflict(const QString &id, const QJsonObject &yours, const QJsonObject &current);
    [[nodiscard]] QList<OrderForm::Problem> currentProblems() const;

    QPointer<OrderActions> m_actions;
    QString m_id;
    QJsonObject m_opened; //!< the row as it was when the dialog opened (edit)
    QByteArray m_key; //!< the Idempotency-Key of the body last sent
    QJsonObject m_sentBody;
    bool m_busy = false;
    bool m_tried = false; //!< Save was pressed: show every problem, touched or not
    bool m_attention = false; //!< the status line counts the fields to fix
    QSet<QString> m_touched;

    QLineEdit *m_customer = nullptr;
    QComboBox *m_region = nullptr;
    QLineEdit *m_pickup = nullptr;
    QLineEdit *m_pickupPosition = nullptr;
    QLineEdit *m_dropoff = nullptr;
    QLineEdit *m_dropoffPosition = nullptr;
    QDateTimeEdit *m_due = nullptr;
    QCheckBox *m_hasWindow = nullptr;
    QDateTimeEdit *m_windowStart = nullptr;
    QLineEdit *m_amount = nullptr;
    QLineEdit *m_contactName = nullptr;
    QLineEdit *m_contactPhone = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QLineEdit *m_externalRef = nullptr;
    QHash<QString, QLabel *> m_problemLabels; //!< by field, as the server names it
    QLabel *m_status = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace Ops
