"""Binary and multinomial logistic regression with wengert.models.LogisticRegression.

The objective is scikit-learn's (C times the summed cross-entropy plus
0.5 * ||coef||^2, intercept unpenalized), so the coefficients agree with
sklearn.linear_model.LogisticRegression; this script compares when scikit-learn
is installed. The data (wengert.models.datasets.load_blobs) are three synthetic,
overlapping Gaussian blobs in the plane.

Run: python examples/logistic_regression.py
"""

import numpy as np

from wengert.models import LogisticRegression, datasets

data = datasets.load_blobs()
X, y = data.X, data.y
print(data.description)

multi = LogisticRegression(C=1.0).fit(X, y)
print(f"\nthree classes {multi.classes_}: accuracy {multi.score(X, y):.3f} "
      f"after {multi.n_iter_} L-BFGS-B iterations")
print("coef_ (one row per class):\n", np.round(multi.coef_, 4))
print("intercept_:", np.round(multi.intercept_, 4))
print("P(class | x) at the origin:", np.round(multi.predict_proba([[0.0, 0.0]])[0], 3))

# Two classes: one coefficient row, for the second of classes_ (here True: "is it b?").
is_b = y == "b"
binary = LogisticRegression(C=1.0).fit(X, is_b)
print(f"\n'b' against the rest: classes {binary.classes_}, coef {np.round(binary.coef_[0], 4)}, "
      f"intercept {binary.intercept_[0]:.4f}, accuracy {binary.score(X, is_b):.3f}")

try:
    from sklearn.linear_model import LogisticRegression as SklearnLogisticRegression
except ImportError:
    print("\n(scikit-learn is not installed; skipping the comparison)")
else:
    theirs = SklearnLogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(X, y)
    print(f"\nlargest difference from scikit-learn: coef "
          f"{np.max(np.abs(multi.coef_ - theirs.coef_)):.1e}, intercept "
          f"{np.max(np.abs(multi.intercept_ - theirs.intercept_)):.1e}")
