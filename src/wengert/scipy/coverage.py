"""What ``wengert.scipy`` covers of SciPy, and why the rest is not (yet) differentiable.

For each SciPy module walked by the coverage test (``scipy.special``,
``scipy.stats``, ``scipy.linalg``), every public function is either covered
(in the wengert module's ``__all__``), listed here as having no derivative by
nature (it works on traced values and returns a plain array, as ``argmax``
does), or listed here as not covered yet, with the reason. The error raised for
an uncovered function names a covered relative where there is one.
"""

from __future__ import annotations

__all__ = ["Coverage", "SPECIAL", "STATS", "LINALG", "SIGNAL", "INTEGRATE", "OTHER_DISTRIBUTIONS"]


def _group(names, reason):
    return dict.fromkeys(names.split(), reason)


class Coverage:
    """The listing for one SciPy module: `no_derivative` and `not_yet` map a name to its
    reason, `relatives` a name to the covered function that may serve instead."""

    def __init__(self, no_derivative, not_yet, relatives):
        self.no_derivative = no_derivative
        self.not_yet = not_yet
        self.relatives = relatives

    def hint(self, name):
        """The sentence added to the error for `name` on a traced value: a covered relative
        that may serve instead, else the reason it is not covered, else nothing."""
        if name in self.relatives:
            return f"{self.relatives[name]} is covered and may serve instead."
        if name in self.not_yet:
            return f"Not covered yet: {self.not_yet[name]}."
        return ""


SPECIAL = Coverage(
    no_derivative={
        **_group("geterr seterr test", "not a function of numbers (error handling, the test runner)"),
        **_group("""ai_zeros bei_zeros beip_zeros ber_zeros berp_zeros bi_zeros erf_zeros fresnel_zeros
                 fresnelc_zeros fresnels_zeros jn_zeros jnjnp_zeros jnp_zeros jnyn_zeros kei_zeros
                 keip_zeros kelvin_zeros ker_zeros kerp_zeros y0_zeros y1_zeros y1p_zeros yn_zeros
                 ynp_zeros""", "zeros of a fixed function, numbered by integers"),
        **_group("""c_roots h_roots he_roots l_roots p_roots ps_roots s_roots t_roots ts_roots u_roots
                 us_roots roots_chebyc roots_chebys roots_chebyt roots_chebyu roots_hermite
                 roots_hermitenorm roots_laguerre roots_legendre roots_sh_chebyt roots_sh_chebyu
                 roots_sh_legendre""", "nodes and weights of a quadrature rule of integer order n"),
        **_group("""chebyc chebys chebyt chebyu hermite hermitenorm laguerre legendre sh_chebyt
                 sh_chebyu sh_legendre""",
                 "builds a polynomial object of integer degree; its eval_* function gives values"),
        **_group("bernoulli euler stirling2 factorial2 factorialk",
                 "a function of integers with integer values"),
        **_group("round", "piecewise constant"),
    },
    not_yet={
        **_group("exprel sinc", "elementary: wengert.numpy.sinc, or (expm1(x) / x) written out, serves"),
        **_group("loggamma factorial comb perm",
                 "gamma-function ratios (complex for loggamma): gammaln, poch and binom are covered"),
        **_group("""hankel1 hankel1e hankel2 hankel2e jvp yvp ivp kvp h1vp h2vp spherical_jn
                 spherical_yn spherical_in spherical_kn riccati_jn riccati_yn besselpoly""",
                 "further Bessel functions; the recurrences used for jn, iv and kv apply"),
        **_group("""airy airye itairy ber bei berp beip ker kei kerp keip kelvin struve modstruve
                 itstruve0 it2struve0 itmodstruve0 iti0k0 it2i0k0 itj0y0 it2j0y0""",
                 "Airy, Kelvin and Struve functions and integrals of Bessel functions: not yet"),
        **_group("""wofz voigt_profile fresnel modfresnelm modfresnelp sici shichi spence zeta zetac
                 lambertw wrightomega wright_bessel log_wright_bessel owens_t ndtri_exp""",
                 "complex error functions, Fresnel and trigonometric integrals, zeta, Lambert W: "
                 "not yet"),
        **_group("""betaincinv betainccinv gammaincinv gammainccinv hyp0f1 hyp1f1 hyp2f1
                 hyperu""",
                 "inverses of the incomplete functions (the inverse function rule over betainc and "
                 "gammainc would serve) and hypergeometric functions: not yet"),
        **_group("""bdtr bdtrc bdtri bdtrik bdtrin btdtria btdtrib chdtr chdtrc chdtri chdtriv chndtr
                 chndtridf chndtrinc chndtrix fdtr fdtrc fdtri fdtridfd gdtr gdtrc gdtria gdtrib
                 gdtrix nbdtr nbdtrc nbdtri nbdtrik nbdtrin ncfdtr ncfdtri ncfdtridfd ncfdtridfn
                 ncfdtrinc nctdtr nctdtridf nctdtrinc nctdtrit nrdtrimn nrdtrisd pdtr pdtrc pdtri
                 pdtrik stdtr stdtridf stdtrit kolmogorov kolmogi smirnov smirnovi tklmbda""",
                 "distribution functions by their Cephes names: wengert.scipy.stats covers the "
                 "distributions' cdf and sf"),
        **_group("""ellipj ellipk ellipkm1 ellipkinc ellipe ellipeinc elliprc elliprd elliprf elliprg
                 elliprj ellip_harm ellip_harm_2 ellip_normal agm""", "elliptic integrals: not yet"),
        **_group("""eval_chebyc eval_chebys eval_chebyt eval_chebyu eval_gegenbauer eval_genlaguerre
                 eval_hermite eval_hermitenorm eval_jacobi eval_laguerre eval_legendre eval_sh_chebyt
                 eval_sh_chebyu eval_sh_jacobi eval_sh_legendre assoc_laguerre assoc_legendre_p
                 assoc_legendre_p_all legendre_p legendre_p_all lpmv lqmn lqn sph_harm_y
                 sph_harm_y_all sph_legendre_p sph_legendre_p_all gegenbauer genlaguerre jacobi
                 sh_jacobi roots_gegenbauer roots_genlaguerre roots_jacobi roots_sh_jacobi cg_roots
                 la_roots j_roots js_roots""",
                 "orthogonal polynomials: differentiable in x by their derivative recurrences, "
                 "not yet written"),
        **_group("""mathieu_a mathieu_b mathieu_cem mathieu_sem mathieu_modcem1 mathieu_modcem2
                 mathieu_modsem1 mathieu_modsem2 mathieu_even_coef mathieu_odd_coef obl_ang1
                 obl_ang1_cv obl_cv obl_cv_seq obl_rad1 obl_rad1_cv obl_rad2 obl_rad2_cv pro_ang1
                 pro_ang1_cv pro_cv pro_cv_seq pro_rad1 pro_rad1_cv pro_rad2 pro_rad2_cv pbdv pbvv
                 pbwa pbdn_seq pbdv_seq pbvv_seq lmbda diric""",
                 "Mathieu, spheroidal and parabolic-cylinder functions: not yet"),
        **_group("boxcox boxcox1p inv_boxcox inv_boxcox1p",
                 "Box-Cox transforms: two-line compositions of covered functions (log1p, powm1)"),
    },
    relatives={
        "loggamma": "wengert.scipy.special.gammaln",
        "stdtr": "wengert.scipy.stats.t.cdf", "chdtr": "wengert.scipy.stats.chi2.cdf",
        "gdtr": "wengert.scipy.stats.gamma.cdf", "pdtr": "wengert.scipy.stats.poisson.cdf",
        "bdtr": "wengert.scipy.stats.binom.cdf", "nbdtr": "wengert.scipy.stats.nbinom.cdf",
    },
)

# scipy.stats: its distributions (rv_continuous, rv_discrete and multivariate generators) that
# wengert does not cover are listed by the rule `OTHER_DISTRIBUTIONS`; its functions here
OTHER_DISTRIBUTIONS = ("not yet covered: a distribution is a few lines on wengert.scipy.stats' "
                       "shared base (standardized logpdf and cdf written with wengert.scipy.special)")

STATS = Coverage(
    no_derivative={
        **_group("test", "not a function of numbers (the test runner)"),
        **_group("""rankdata tiecorrect mode cumfreq relfreq percentileofscore binned_statistic
                 binned_statistic_2d binned_statistic_dd ecdf mannwhitneyu wilcoxon kruskal
                 friedmanchisquare ranksums kendalltau weightedtau spearmanr spearmanrho somersd
                 brunnermunzel ansari mood fligner median_test page_trend_test cramervonmises_2samp
                 ks_2samp epps_singleton_2samp bws_test chatterjeexi fisher_exact barnard_exact
                 boschloo_exact binomtest poisson_means_test logrank quantile_test
                 false_discovery_control multiscale_graphcorr""",
                 "rank-, count- or permutation-based: piecewise constant in the data"),
    },
    not_yet={
        **_group("""describe moment kstat kstatvar lmoment skew kurtosis gmean hmean pmean gstd sem
                 variation zscore zmap gzscore tmean tvar tstd tsem tmin tmax trim_mean trim1 trimboth
                 sigmaclip iqr median_abs_deviation scoreatpercentile quantile expectile entropy
                 differential_entropy circmean circvar circstd directional_stats obrientransform
                 energy_distance wasserstein_distance wasserstein_distance_nd""",
                 "descriptive statistics and distances: short compositions of wengert.numpy"),
        **_group("""ttest_1samp ttest_ind ttest_rel ttest_ind_from_stats pearsonr pointbiserialr
                 linregress theilslopes siegelslopes f_oneway alexandergovern bartlett levene
                 chisquare power_divergence chi2_contingency jarque_bera normaltest skewtest
                 kurtosistest shapiro anderson anderson_ksamp cramervonmises ks_1samp kstest
                 goodness_of_fit combine_pvalues dunnett tukey_hsd bayes_mvs mvsdist""",
                 "tests and estimates returning result objects: their statistics are compositions "
                 "of wengert.numpy and their p-values covered distributions' sf"),
        **_group("""boxcox boxcox_llf boxcox_normmax boxcox_normplot yeojohnson yeojohnson_llf
                 yeojohnson_normmax yeojohnson_normplot ppcc_max ppcc_plot probplot""",
                 "power transforms and their plots: the transforms are two-line compositions"),
        **_group("""fit bootstrap permutation_test monte_carlo_test power sobol_indices""",
                 "fitting and resampling drivers: write the objective with wengert.scipy.stats "
                 "and minimize it with wg.minimize"),
        **_group("""make_distribution order_statistic truncate abs exp log""",
                 "operations on SciPy's new random-variable objects: not yet"),
    },
    relatives={"norm_gen": "wengert.scipy.stats.norm", "truncnorm": "wengert.scipy.stats.norm",
               "halfnorm": "wengert.scipy.stats.norm", "invgamma": "wengert.scipy.stats.gamma",
               "erlang": "wengert.scipy.stats.gamma", "exponweib": "wengert.scipy.stats.weibull_min",
               "multivariate_t": "wengert.scipy.stats.t", "bernoulli": "wengert.scipy.stats.binom",
               "geom": "wengert.scipy.stats.nbinom", "multinomial": "wengert.scipy.stats.binom",
               "entropy": "wengert.scipy.special.entr and rel_entr"},
)

LINALG = Coverage(
    no_derivative={
        **_group("""find_best_blas_type get_blas_funcs get_lapack_funcs test""",
                 "not a function of numbers (LAPACK and BLAS lookup, the test runner)"),
        **_group("""hadamard helmert hilbert invhilbert pascal invpascal dft fiedler_companion
                 bandwidth issymmetric ishermitian""",
                 "a matrix of a given integer size, or a yes/no or integer property of a matrix"),
        **_group("clarkson_woodruff_transform", "a random sketch: no derivative in its randomness"),
    },
    not_yet={
        **_group("pinvh lstsq", "wengert.scipy.linalg.pinv and wengert.numpy.linalg serve"),
        **_group("""eig eigvals eig_banded eigvals_banded eigh_tridiagonal eigvalsh_tridiagonal svd
                 svdvals diagsvd qr rq lu lu_factor lu_solve ldl schur qz ordqz hessenberg polar
                 cossin qr_delete qr_insert qr_multiply qr_update rsf2csf cdf2rdf matrix_balance
                 null_space orth subspace_angles orthogonal_procrustes""",
                 "decompositions: rules for svd, eig and qr come with wengert.numpy.linalg's; "
                 "the others are not yet written"),
        **_group("""logm cosm sinm tanm signm funm fractional_matrix_power expm_cond""",
                 "other matrix functions: not yet (expm, sqrtm, coshm, sinhm, tanhm are covered)"),
        **_group("""solve_discrete_lyapunov solve_continuous_are solve_discrete_are""",
                 "matrix equations: the discrete Lyapunov and the Riccati equations, not yet"),
        **_group("""cho_solve_banded cholesky_banded solveh_banded solve_toeplitz solve_circulant
                 matmul_toeplitz""", "structured solves: not yet (solve_banded is covered)"),
        **_group("""companion leslie convolution_matrix fiedler""",
                 "structured constructors: not yet (toeplitz, hankel, circulant are covered)"),
    },
    relatives={"pinvh": "wengert.scipy.linalg.pinv", "cholesky_banded": "wengert.scipy.linalg.cholesky",
               "solve_discrete_lyapunov": "wengert.scipy.linalg.solve_sylvester",
               "companion": "wengert.scipy.linalg.toeplitz",
               "convolution_matrix": "wengert.scipy.signal.convolve"},
)
INTEGRATE = Coverage(no_derivative={}, not_yet={}, relatives={
    "ode": "wengert.scipy.integrate.solve_ivp", "LSODA": "wengert.scipy.integrate.solve_ivp",
    "RK45": "wengert.scipy.integrate.solve_ivp"})
SIGNAL = Coverage(no_derivative={}, not_yet={}, relatives={
    "oaconvolve": "wengert.scipy.signal.fftconvolve", "convolve2d": "wengert.scipy.signal.convolve",
    "correlate2d": "wengert.scipy.signal.correlate"})
