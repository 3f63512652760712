"""Binary and multinomial logistic regression with wengert.models.LogisticRegression.

The objective is scikit-learn's (C times the summed cross-entropy plus
0.5 * ||coef||^2, intercept unpenalized), so the coefficients agree with
sklearn.linear_model.LogisticRegression; the estimator is a scikit-learn
estimator (pip install 'wengert[models]'), so it goes in a Pipeline and a
GridSearchCV. The data: wengert.models.datasets.load_blobs (three synthetic,
overlapping Gaussian blobs in the plane) and scikit-learn's bundled
breast_cancer (569 tumours, 30 features on scales from 1e-3 to 4e3).

Run: python examples/logistic_regression.py
"""

import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression as SklearnLogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wengert.models import LogisticRegression, datasets

data = datasets.load_blobs()
X, y = data.X, data.y
print(data.description)

multi = LogisticRegression(C=1.0).fit(X, y)
print(f"\nthree classes {multi.classes_}: accuracy {multi.score(X, y):.3f} "
      f"after {multi.n_iter_} Newton steps")
print("coef_ (one row per class):\n", np.round(multi.coef_, 4))
print("intercept_:", np.round(multi.intercept_, 4))
print("P(class | x) at the origin:", np.round(multi.predict_proba([[0.0, 0.0]])[0], 3))

# Two classes: one coefficient row, for the second of classes_ (here True: "is it b?").
is_b = y == "b"
binary = LogisticRegression(C=1.0).fit(X, is_b)
print(f"\n'b' against the rest: classes {binary.classes_}, coef {np.round(binary.coef_[0], 4)}, "
      f"intercept {binary.intercept_[0]:.4f}, accuracy {binary.score(X, is_b):.3f}")

theirs = SklearnLogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(X, y)
print(f"largest difference from scikit-learn's lbfgs: coef "
      f"{np.max(np.abs(multi.coef_ - theirs.coef_)):.1e}, intercept "
      f"{np.max(np.abs(multi.intercept_ - theirs.intercept_)):.1e}")

# Raw breast_cancer: lbfgs stops at its default 100 iterations with a ConvergenceWarning;
# Newton steps on exact Hessian-vector products converge whatever the features' scales.
X, y = load_breast_cancer(return_X_y=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", ConvergenceWarning)
    SklearnLogisticRegression().fit(X, y)
ours = LogisticRegression().fit(X, y)
print(f"\nraw breast_cancer: scikit-learn's lbfgs warned {len(caught)} time(s); "
      f"wengert converged in {ours.n_iter_} Newton steps, accuracy {ours.score(X, y):.3f}")

# The estimator inside scikit-learn's machinery: scale, then choose C by cross-validation.
pipe = make_pipeline(StandardScaler(), LogisticRegression())
search = GridSearchCV(pipe, {"logisticregression__C": [0.01, 0.1, 1.0, 10.0]}, cv=5,
                      scoring="neg_log_loss").fit(X, y)
print(f"GridSearchCV over C: best {search.best_params_}, mean log-loss "
      f"{-search.best_score_:.4f}; per C: {np.round(-search.cv_results_['mean_test_score'], 4)}")
